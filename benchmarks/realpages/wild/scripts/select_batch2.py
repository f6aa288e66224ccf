import json, re, random, collections
exec(open('/work/staging/wild/select.py').read().split("random.seed(7)")[0])  # rows, KW
used = {c for c, s, k in json.load(open('/work/staging/wild/pairs.json'))}
rows = [r for r in rows if r['company'] not in used]
random.seed(29)
pairs = []
text = lambda r: open(r['file'], errors='replace').read()
for sig, kw in KW.items():
    fired = [r for r in rows if sig in r['fired']]
    miss = [r for r in rows if sig not in r['fired'] and re.search(kw, text(r), re.I)]
    random.shuffle(fired); random.shuffle(miss)
    kf, km = {'children_disclaimer': (30, 20), 'ai_disclosure': (0, 10), 'ai_mention_only': (25, 8),
              'coppa_notice': (40, 30)}.get(sig, (30, 26))
    print(sig, len(fired), len(miss), kf, km)
    for r in fired[:kf]: pairs.append((r['company'], sig, 'fired'))
    for r in miss[:km]: pairs.append((r['company'], sig, 'keyword'))
print(len(pairs), len({p[0] for p in pairs}))
json.dump(pairs, open('/work/staging/wild/b2/pairs.json', 'w'))
by = collections.defaultdict(list)
for c, s, k in pairs: by[c].append(s)
docs = sorted(by); random.shuffle(docs)
L = ['x1', 'x2', 'x3', 'x4', 'x5']
asg = collections.defaultdict(list)
for i, c in enumerate(docs):
    for l in (L[i % 5], L[(i + 1) % 5]):
        asg[l].append({'company': c, 'file': f'/work/staging/wild/pool/{c}.txt', 'signals': sorted(set(by[c]))})
for l in L:
    with open(f'/work/staging/wild/assign_{l}.jsonl', 'w') as fh:
        for a in asg[l]: fh.write(json.dumps(a) + '\n')
    print(l, len(asg[l]), sum(len(a['signals']) for a in asg[l]))
