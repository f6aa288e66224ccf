"""The language guess knows languages the detectors do not read, so an Italian or
Korean page is named as such instead of being read with the nearest lexicon (which
finds nothing, and nothing found would become a failure). Passages written for these
tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.parse.htmldoc import parse
from checks.signals import page_language
from checks.signals.language import detect_language, language_name, reads

UNREAD = {
    "it": "Raccogliamo solo i dati necessari per offrire il servizio e non li vendiamo a "
          "nessuno. I genitori possono chiedere in ogni momento di vedere o cancellare i "
          "dati dei propri figli, e questo vale anche per le registrazioni delle chat.",
    "nl": "Wij verzamelen alleen de gegevens die nodig zijn om de dienst te leveren en wij "
          "verkopen ze niet. Ouders kunnen ons op elk moment vragen om de gegevens van hun "
          "kinderen in te zien of te verwijderen.",
    "pl": "Zbieramy tylko dane, które są potrzebne do świadczenia usługi, i nie sprzedajemy "
          "ich nikomu. Rodzice mogą w każdej chwili poprosić nas o wgląd w dane swoich "
          "dzieci lub ich usunięcie.",
    "cs": "Shromažďujeme pouze údaje, které jsou potřebné pro poskytování služby, a nikomu je "
          "neprodáváme. Rodiče nás mohou kdykoli požádat o nahlédnutí do údajů svých dětí "
          "nebo o jejich výmaz, pokud je to možné.",
    "sv": "Vi samlar bara in de uppgifter som behövs för att tillhandahålla tjänsten och vi "
          "säljer dem inte till någon. Föräldrar kan när som helst be oss att visa eller "
          "radera uppgifterna om sina barn.",
    "tr": "Yalnızca hizmeti sunmak için gerekli olan verileri topluyoruz ve bu verileri "
          "kimseye satmıyoruz. Ebeveynler çocuklarının verilerini görmek veya silmek için "
          "her zaman bizimle iletişime geçebilir ve bu talep için bir ücret alınmaz.",
    "ko": "저희는 서비스 제공에 필요한 정보만 수집하며 누구에게도 판매하지 않습니다. 부모는 "
          "언제든지 자녀의 정보를 열람하거나 삭제하도록 요청할 수 있습니다.",
    "ja": "当社はサービスの提供に必要な情報のみを収集し、誰にも販売しません。保護者はいつでも"
          "お子様の情報の閲覧または削除を求めることができます。",
    "zh": "我们只收集提供服务所必需的信息，并且不会出售给任何人。家长可以随时要求查看或删除"
          "孩子的信息。",
    "ru": "Мы собираем только те данные, которые нужны для работы сервиса, и никому их не "
          "продаём. Родители могут в любой момент попросить нас показать или удалить "
          "данные своих детей.",
    "uk": "Ми збираємо лише ті дані, які потрібні для роботи сервісу, і нікому їх не "
          "продаємо. Батьки можуть будь-коли попросити нас показати або видалити дані "
          "своїх дітей, і ми це зробимо.",
    "el": "Συλλέγουμε μόνο τα δεδομένα που χρειάζονται για την παροχή της υπηρεσίας και δεν "
          "τα πουλάμε σε κανέναν. Οι γονείς μπορούν οποιαδήποτε στιγμή να ζητήσουν να δουν "
          "ή να διαγράψουν τα δεδομένα των παιδιών τους.",
}

READ = {
    "en": "We collect only the data we need to run the service and we never sell it. "
          "Parents can ask us at any time to see or delete their children's data.",
    "fr": "Nous ne collectons que les données nécessaires au service et nous ne les vendons "
          "à personne. Les parents peuvent nous demander à tout moment de voir ou de "
          "supprimer les données de leurs enfants.",
    "es": "Solo recogemos los datos que necesitamos para prestar el servicio y no se los "
          "vendemos a nadie. Los padres pueden pedirnos en cualquier momento ver o borrar "
          "los datos de sus hijos.",
    "de": "Wir erheben nur die Daten, die wir für den Dienst brauchen, und verkaufen sie an "
          "niemanden. Eltern können uns jederzeit bitten, die Daten ihrer Kinder "
          "einzusehen oder zu löschen.",
    "pt": "Recolhemos apenas os dados de que precisamos para prestar o serviço e não os "
          "vendemos a ninguém. Os pais podem pedir-nos a qualquer momento para ver ou "
          "apagar os dados dos seus filhos.",
}


@pytest.mark.parametrize("code", sorted(UNREAD))
def test_a_language_without_a_lexicon_is_named_and_not_read(code: str) -> None:
    assert detect_language(UNREAD[code]) == code
    assert not reads(code)
    assert language_name(code) != code  # a name for the reason a person reads


@pytest.mark.parametrize("code", sorted(READ))
def test_the_lexicon_languages_are_still_read(code: str) -> None:
    assert detect_language(READ[code]) == code
    assert reads(code)


def test_a_short_or_mixed_text_stays_with_a_read_language() -> None:
    # one Italian phrase inside English prose, a footer of links: not "Italian"
    mixed = READ["en"] + " Per informazioni, scrivete a privacy@example.com."
    assert detect_language(mixed) == "en"
    assert detect_language("© 2026 Example • Contact • Legal notice") != "it"
    assert reads("und") and reads(None)


def test_web_addresses_are_no_function_words() -> None:
    # ".com" would count for Portuguese ("com" = with); addresses are left out
    links = " ".join(f"https://cdn{i}.example.com/app.js" for i in range(40))
    assert detect_language(links + " " + READ["en"]) == "en"


def test_a_page_opening_with_scripts_is_read_by_its_body() -> None:
    junk = "var e = window.cfg || {}; e.com = 1; " * 800  # ~30 KB of inline script text
    body = (READ["en"] + " ") * 400  # its "e" would make the first 20 KB Portuguese
    assert detect_language(junk + body) == "en"


def test_the_page_language_leaves_an_unread_page_to_english_lexicons_only() -> None:
    html = f"<html lang='en'><body><p>{UNREAD['it']}</p><p>{UNREAD['it']}</p></body></html>"
    doc = parse(html, "https://fiaba.example/privacy")
    assert page_language(doc) == "it"


def test_inspect_warns_that_an_unread_page_says_nothing(cli: Any, tmp_path: Path) -> None:
    for code, text in (("it", UNREAD["it"]), ("en", READ["en"])):
        page = tmp_path / f"{code}.html"
        page.write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
        status, out, err = cli("inspect", str(page))
        assert status == 0, err
        assert f"(language: {code})" in out
        assert ("The detectors do not read Italian" in out) is (code == "it")


def test_word_counts_are_the_letter_regex_counts() -> None:
    """`_word_counts` takes whole letter pieces as they are and cuts only the rest with
    the regex; the counts must be the regex's over the whole text."""
    from collections import Counter

    from checks.signals.language import _WORD, _word_counts

    texts = ["The end. (the) the, THE the's co-op", "snake_case x2y 3d h\u00e9t\u00e9ro\u00ebn",
             "\u00b2squared caf\u00e9\u0301 na\u00efve \u2018quoted\u2019 \u00abguillemets\u00bb",
             "i\u0307stanbul \u0130stanbul \u00df stra\u00dfe \u01c5 \u2163 \u00aa\u00ba",
             "\u4e2d\u6587\u5b57 \u3072\u3089\u304c\u306a "
             "\u0440\u0443\u0441\u0441\u043a\u0438\u0439.",
             "tab\tvt\x0bfs\x1cgs\x1dus\x1fend\u00a0nbsp\u2009thin\u3000ideo", ""]
    for text in texts:
        low = text.lower()
        assert _word_counts(low) == Counter(_WORD.findall(low)), text
