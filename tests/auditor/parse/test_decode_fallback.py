"""Undeclared bodies: UTF-8 when they are, windows-1252 when they are ASCII but for a
few bytes that code page defines, detection otherwise."""

from __future__ import annotations

from auditor.parse.page import decode

RUSSIAN = ("Политика конфиденциальности. Мы не собираем персональные данные детей младше "
           "тринадцати лет без согласия родителей. ") * 20


def test_a_few_western_bytes_are_windows_1252() -> None:
    body = ("We don\u2019t sell data.\xa0 Caf\xe9 members may write to us. "
            + "These terms govern the use of the service and the apps we offer. " * 4
            ).encode("cp1252") * 10
    text, charset = decode(body, "text/html")
    assert charset == "cp1252" and "don\u2019t sell data.\xa0 Caf\xe9" in text


def test_utf8_stays_utf8() -> None:
    body = "Caf\xe9 \u2019 Kinder unter 16 Jahren".encode()
    assert decode(body, None) == ("Caf\xe9 \u2019 Kinder unter 16 Jahren", "utf-8")


def test_another_script_still_goes_to_detection() -> None:
    text, charset = decode(RUSSIAN.encode("cp1251"), "text/html")
    assert charset != "cp1252" and "конфиденциальности" in text


def test_a_byte_windows_1252_leaves_undefined_goes_to_detection() -> None:
    body = b"Plain words " * 50 + b"\x81\x8d"
    assert decode(body, None)[1] != "cp1252"
