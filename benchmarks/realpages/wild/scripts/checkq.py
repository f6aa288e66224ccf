"""Check a labeller's wild labels: every assigned (company, signal) answered once, a
boolean value, and a verbatim quote for every true one (whitespace folded)."""
import json, re, sys
L = sys.argv[1]
fold = lambda s: re.sub(r'\s+', ' ', s).strip().lower()
asg = {(a['company'], s): a['file'] for l in open(f'/work/staging/wild/assign_{L}.jsonl')
       for a in [json.loads(l)] for s in a['signals']}
got = {}
bad = 0
for n, line in enumerate(open(f'/work/staging/wild/labels/{L}.jsonl'), 1):
    if not line.strip():
        continue
    r = json.loads(line)
    key = (r['company'], r['signal'])
    if key not in asg: print('line', n, 'not assigned', key); bad += 1; continue
    if key in got: print('line', n, 'answered twice', key); bad += 1
    if not isinstance(r.get('value'), bool): print('line', n, 'value not boolean'); bad += 1
    if r.get('value'):
        q = fold(r.get('quote') or '')
        if len(q) < 15 or q not in fold(open(asg[key], errors='replace').read()):
            print('line', n, 'quote not found verbatim', key); bad += 1
    got[key] = r
print(f'{len(got)} of {len(asg)} answered, {bad} problems')
