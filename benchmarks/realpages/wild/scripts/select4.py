import json, re, random, collections
exec(open('/work/staging/wild/select.py').read().split("rows=[json.loads")[0])
KW = None
exec("KW" + open('/work/staging/wild/select.py').read().split("KW", 1)[1].split("random.seed(7)")[0])
rows = [r for r in (json.loads(l) for l in open('/work/staging/wild/b4/mined.jsonl')) if r['company'] not in {'peoplemeet', 'nuance', 'windeveloper', 'counton2'}]
random.seed(53)
pairs = []
text = lambda r: open(r['file'], errors='replace').read()
for sig, kw in KW.items():
    fired = [r for r in rows if sig in r['fired']]
    miss = [r for r in rows if sig not in r['fired'] and re.search(kw, text(r), re.I)]
    random.shuffle(fired); random.shuffle(miss)
    kf, km = {'ai_disclosure': (1, 8), 'ai_mention_only': (20, 6)}.get(sig, (22, 16))
    print(sig, len(fired), len(miss), kf, km)
    for r in fired[:kf]: pairs.append((r['company'], sig, 'fired'))
    for r in miss[:km]: pairs.append((r['company'], sig, 'keyword'))
print(len(pairs), len({p[0] for p in pairs}))
json.dump(pairs, open('/work/staging/wild/b4/pairs.json', 'w'))
by = collections.defaultdict(list)
for c, s, k in pairs: by[c].append(s)
docs = sorted(by); random.shuffle(docs)
L = ['z1', 'z2', 'z3', 'z4']
asg = collections.defaultdict(list)
for i, c in enumerate(docs):
    for l in (L[i % 4], L[(i + 1 + (i // 4) % 3) % 4]):
        asg[l].append({'company': c, 'file': f'/work/staging/wild/pool/{c}.txt', 'signals': sorted(set(by[c]))})
for l in L:
    with open(f'/work/staging/wild/assign_{l}.jsonl', 'w') as fh:
        for a in asg[l]: fh.write(json.dumps(a) + '\n')
    print(l, len(asg[l]), sum(len(a['signals']) for a in asg[l]))
