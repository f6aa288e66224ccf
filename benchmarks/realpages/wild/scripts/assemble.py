"""Build benchmarks/realpages/wild from the staged pool and the labellers' files:
items both labellers agree on, with agreement (Cohen's kappa) per signal."""
import json, shutil, hashlib, collections, sys
from pathlib import Path
import os
S = Path('/work/staging/wild'); D = Path(os.environ.get('WILD_OUT', '/work/main/benchmarks/realpages/wild'))
mined = {json.loads(l)['company']: json.loads(l) for f in ('mined.jsonl', 'b3/mined.jsonl', 'b4/mined.jsonl', 'b5/mined.jsonl') for l in open(S/f)}
FILES = ('pairs.json', 'b2/pairs.json', 'b3/pairs.json', 'b4/pairs.json', 'b5/pairs.json')[:5 if '--b5' in sys.argv else 4 if '--b4' in sys.argv else 3 if '--all' in sys.argv else 2]
sel = {(c, s): k for f in FILES for c, s, k in json.load(open(S/f))}
batch_of = {(c, s): n for n, f in enumerate(FILES, 1) for c, s, k in json.load(open(S/f))}
labs = collections.defaultdict(dict)
for f in sorted((S/'labels').glob('[vwxyz][0-9].jsonl')):
    for line in open(f):
        if line.strip():
            r = json.loads(line); labs[(r['company'], r['signal'])][f.stem] = r
EXCLUDE = set('counton2 policyforum-att vox time timeforkids peoplemeet nuance windeveloper archives-cnn edition-cnn nbc15 nbcwashington nbcbayarea nickjr noggin pbskids privacy-ea cbssearch cbs4indy oxygen wgbh tutor linkinpark blakeshelton'.split())
sel = {k: v for k, v in sel.items() if k[0] not in EXCLUDE}
rows = []; agree = collections.Counter(); total = collections.Counter(); pairs_by_sig = collections.defaultdict(list)
dis = []
for key in sorted(sel):
    got = labs.get(key, {})
    if len(got) < 2: continue
    (l1, a), (l2, b) = sorted(got.items())[:2]
    total[key[1]] += 1; pairs_by_sig[key[1]].append((a['value'], b['value']))
    if a['value'] != b['value']:
        dis.append((key, l1, a, l2, b)); continue
    agree[key[1]] += 1
    c, sig = key; m = mined[c]
    quote = (a['quote'] if a['value'] else '') or (b['quote'] if a['value'] else '')
    rows.append({'id': c, 'signal': sig, 'expected': a['value'], 'file': f'documents/{c}.txt',
                 'source_repo': 'UTCID/DMOZ-Privacy-Policy-Corpus-CODASPY21', 'source_path': m['source_path'],
                 'source_commit': '4d764048b8cc920579584841a982115f4e5b2018', 'sha256': m['sha256'],
                 'quote': quote, 'selected': sel[key], 'labels': {l1: a['value'], l2: b['value']}, **({'batch': batch_of[key]} if '--final' in sys.argv else {})})
def kappa(ps):
    n = len(ps); po = sum(x == y for x, y in ps) / n
    p1 = sum(x for x, _ in ps) / n; p2 = sum(y for _, y in ps) / n
    pe = p1 * p2 + (1 - p1) * (1 - p2)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)
ONLY = int(os.environ.get('KAPPA_BATCH', '0'))
if ONLY:
    pairs_by_sig = collections.defaultdict(list); total = collections.Counter(); agree = collections.Counter()
    for key in sorted(sel):
        got = labs.get(key, {})
        if batch_of[key] != ONLY or len(got) < 2: continue
        (l1, a), (l2, b) = sorted(got.items())[:2]
        total[key[1]] += 1; pairs_by_sig[key[1]].append((a['value'], b['value'])); agree[key[1]] += a['value'] == b['value']
for sig in sorted(total):
    ps = pairs_by_sig[sig]
    print(f"{sig:22} items {total[sig]:3} agreed {agree[sig]:3} kappa {kappa(ps):.2f} true(both) {sum(1 for x,y in ps if x and y)}")
print('disagreements', len(dis))
json.dump([[list(k), l1, a, l2, b] for k, l1, a, l2, b in dis], open(S/'disagreements.json', 'w'), indent=1)
if '--write' in sys.argv:
    (D/'documents').mkdir(parents=True, exist_ok=True); (D/'labels').mkdir(exist_ok=True)
    for r in rows:
        src = S/'pool'/f"{r['id']}.txt"; assert hashlib.sha256(src.read_bytes()).hexdigest() == r['sha256']
        shutil.copy(src, D/r['file'])
    with open(D/'items.jsonl', 'w') as fh:
        for r in rows: fh.write(json.dumps(r, ensure_ascii=False) + '\n')
    for f in sorted((S/'labels').glob('[vwxyz][0-9].jsonl')):
        keep = [l for l in open(f) if l.strip() and json.loads(l)['company'] not in EXCLUDE
                and (json.loads(l)['company'], json.loads(l)['signal']) in sel]
        if not keep:
            continue
        open(D/'labels'/f.name, 'w').write(''.join(keep))
    print('wrote', len(rows), 'items,', len({r['id'] for r in rows}), 'documents')
