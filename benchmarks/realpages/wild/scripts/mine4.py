"""Mine a wide random sample of real privacy policies (DMOZ corpus) for the detectors'
likely false positives and misses. Development side only: companies the corpus rule
puts in the test part are skipped unread. Output: pool/ (files), mined.jsonl."""
import hashlib, json, random, re, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, '/work/main')
from auditor.parse.files import read_document
from checks.signals import analyze
from checks.scoring import to_prediction

REPO = '/work/.mirror/UTCID+DMOZ-Privacy-Policy-Corpus-CODASPY21/repo'
COMMIT = '4d764048b8cc920579584841a982115f4e5b2018'
OUT = Path('/work/staging/wild')
OUT_ROWS = OUT / 'b4' / 'mined.jsonl'
N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000

BANNED = """amazon alexa anthropic claude apple askfm austrian babycenter bereal bigfish blizzard bluesky booking
boursobank bumble cafemom cartoonnetwork chayn chegg classlink clubpenguin coffeemeetsbagel coolmath curse
decathlon deepseek deutschebahn discord disney electronicarts epicgames fandom firefox mozilla fisherprice mattel
flightrising flipgrid foxnews gartner glassdoor goguardian goodreads google gemini grammarly grindr guilded habbo
happn hetzner honkai itchio jasper jlab jibjab kahoot khanacademy kick kidshealth nemours kimi kongregate kraft
lego loc librarything lovescout marcopolo mastodon mcgrawhill meta facebook instagram whatsapp microsoft copilot
midjourney miro mistral moltbook mycroft nbcuniversal nbc netflix nickelodeon paramount viacom nousresearch odysee
openai chatgpt palia parler parship pbs peardeck penguinrandomhouse randomhouse perplexity pinterest pirr playstation
sony pornhub privateinternetaccess quora qwen alibaba reddit rephrase replit roblox sallyride salto shockwave slither
smithsonian snapchat snap sparkmail readdle speechify spotify stability stackoverflow stackexchange steam valve
substack taylorswift ted telegram tiktok bytedance tinder match toysrus tumblr automattic wordpress twitch ubisoft
upscrolled verizon vocabularyspellingcity w3schools webs wechat tencent wix wizards hasbro xai grok y8 yahoo aol
youtube zoom warner activision youtube cnn nbc nick noggin pbs cbs oxygen wgbh tutor linkinpark blakeshelton abc espn hbo turner""".split()

def company_of(path):
    name = path.rsplit('/', 1)[1]
    name = re.sub(r'-\d+\.txt$', '', name)
    name = re.sub(r'^(www\d?|about|en|us|m)-', '', name)
    name = re.sub(r'(-(com|org|net|edu|gov|co|ac|info|biz|io|tv|me))?(-[a-z]{2})?$', '', name) or name
    return name

def is_test(company):
    return int(hashlib.sha256(company.encode()).hexdigest(), 16) % 100 < 35

def banned(company):
    flat = company.replace('-', '')
    return any((len(b) >= 3 and b in flat) or b == flat for b in BANNED)

man = [json.loads(l) for l in open('/work/main/benchmarks/realpages/manifest.jsonl')]
have_paths = {r['source_path'] for r in man}
have_comp = {r['company'].replace('-', '') for r in man}
for p in Path('/work/staging').glob('realpages-*/manifest.jsonl'):
    for l in open(p):
        r = json.loads(l); have_paths.add(r['source_path']); have_comp.add(r['company'].replace('-', ''))

listing = subprocess.run(['git', '--git-dir', REPO, 'ls-tree', '-r', '-l', COMMIT],
                         capture_output=True, text=True, check=True).stdout.splitlines()
cands = []
for line in listing:
    meta, path = line.split('\t', 1)
    size = int(meta.split()[3])
    if not path.endswith('.txt') or '/cat1-adult/' in path or path in have_paths:
        continue
    if not (1500 <= size <= 150_000):
        continue
    c = company_of(path)
    if is_test(c) or banned(c) or c.replace('-', '') in have_comp:
        continue
    cands.append((path, c, meta.split()[2]))
random.seed(4409)
used = {json.loads(l)['company'] for f in ('mined.jsonl', 'b3/mined.jsonl') for l in open(OUT / f)}
cands = [t for t in cands if t[1] not in used]
# boost the categories where children, games and user content are talked about
weight = {'cat8-kids': 2, 'cat5-games': 2}
def w(p): return weight.get(p.split('/')[1], 1)
seen_c = set(); pool = []
random.shuffle(cands)
cands.sort(key=lambda t: -(random.random() ** (1 / w(t[0]))))
for path, c, blob in cands:
    if c in seen_c: continue
    seen_c.add(c); pool.append((path, c, blob))
    if len(pool) >= N: break
(OUT / 'pool').mkdir(exist_ok=True)
out = open(OUT_ROWS, 'w')
t0 = time.time()
for i, (path, c, blob) in enumerate(pool):
    data = subprocess.run(['git', '--git-dir', REPO, 'cat-file', 'blob', blob], capture_output=True, check=True).stdout
    f = OUT / 'pool' / f'{c}.txt'
    f.write_bytes(data)
    try:
        pred = to_prediction(analyze(read_document(f)))
        sig = {k: v for k, v in pred.signals.items() if v}
        err = None
    except Exception as e:
        sig, err = {}, repr(e)
    out.write(json.dumps({'company': c, 'file': str(f), 'source_path': path, 'blob': blob,
                          'bytes': len(data), 'sha256': hashlib.sha256(data).hexdigest(),
                          'fired': sorted(sig), 'error': err}) + '\n')
    if i % 250 == 0:
        print(i, round(time.time() - t0, 1), flush=True)
print('done', len(pool), round(time.time() - t0, 1))
