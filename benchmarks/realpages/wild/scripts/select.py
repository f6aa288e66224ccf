import json, re, random, collections
rows=[json.loads(l) for l in open('mined.jsonl')]
KW = {
 'coppa_notice': r"\bCOPPA\b|verifiable parental consent|children'?s online privacy protection|parental consent",
 'children_disclaimer': r"not (directed|intended|targeted|designed)[^.]{0,40}(child|minor|under)|knowingly collect",
 'age_assurance': r"verify (your |their )?age|age verification|age[- ]gate|date of birth|birth ?date|proof of age",
 'content_moderation': r"moderat|we (may |reserve the right to )?(review|remove|delete|screen|monitor)[^.]{0,40}(content|post|message|submission)",
 'reporting_mechanism': r"report (abuse|it|any|a violation|inappropriate|content)|flag(ging)? (content|post)|abuse@",
 'minors_education': r"parents? (should|are encouraged|can help)|tips for (parents|kids)|online safety|talk (to|with) (your )?(child|kids)|safe(ty)? (tips|online)",
 'ai_disclosure': r"artificial intelligence|chat ?bot|\bAI\b|virtual assistant|automated (agent|assistant)",
 'ai_mention_only': r"artificial intelligence|chat ?bot|\bAI\b|machine learning",
}
random.seed(7)
pairs=[]
for sig, kw in KW.items():
    fired=[r for r in rows if sig in r['fired']]
    text=lambda r: open(r['file'],errors='replace').read()
    miss=[r for r in rows if sig not in r['fired'] and len(re.findall(kw, text(r), re.I))>=1]
    random.shuffle(fired); random.shuffle(miss)
    kf, km = {'children_disclaimer': (16, 10), 'ai_disclosure': (0, 8), 'ai_mention_only': (10, 6)}.get(sig, (16, 12))
    print(sig, len(fired), len(miss))
    for r in fired[:kf]: pairs.append((r['company'], sig, 'fired'))
    for r in miss[:km]: pairs.append((r['company'], sig, 'keyword'))
print(len(pairs), len({p[0] for p in pairs}))
json.dump(pairs, open('pairs.json','w'))
