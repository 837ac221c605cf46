"""
npm run bench:scale -- --peer DIR: times Berzins' edge subdivision (float32, PyTorch on CPU, one
thread) on one of our JSON networks. DIR holds the files of github.com/arturs-berzins/relu_edge_subdivision
(edge_subdivision.py, NN.py, utils.py). Prints one JSON line: the region count (distinct sign
vectors of the regions around the skeleton's vertices), the first call's seconds and the warm calls'.
Usage: python3 scale-peer.py DIR NET.json [warm_calls]
"""
import json, sys, time, io, contextlib

peer_dir, net_path = sys.argv[1], sys.argv[2]
warm = int(sys.argv[3]) if len(sys.argv) > 3 else 3
sys.path.insert(0, peer_dir)
t_import = time.time()
import numpy as np
import torch
torch.set_num_threads(1)
from NN import Net
from edge_subdivision import skeletal_subdivision
t_import = time.time() - t_import

def frac(v):
    if isinstance(v, str):
        if '/' in v:
            p, q = v.split('/')
            return float(p) / float(q)
        return float(v)
    return float(v)

spec = json.load(open(net_path))
ks = [spec['inputSize']] + [len(l['bias']) for l in spec['layers']]
assert all(l.get('activation', 'relu') == 'relu' for l in spec['layers']), 'all-ReLU networks only'
f = Net(ks)
with torch.no_grad():
    for fc, l in zip(f.fcs, spec['layers']):
        fc.weight.copy_(torch.tensor([[frac(v) for v in row] for row in l['weights']], dtype=torch.float32))
        fc.bias.copy_(torch.tensor([frac(v) for v in l['bias']], dtype=torch.float32))

def run():
    with torch.no_grad(), contextlib.redirect_stdout(io.StringIO()):
        return skeletal_subdivision(f, bbox=(-1, 1), device=torch.device('cpu'), verbose=False)

t0 = time.time()
vs, edges, v_sv = run()
first = time.time() - t0
warms = []
for _ in range(warm):
    t0 = time.time()
    run()
    warms.append(time.time() - t0)

# regions: every vertex of a generic skeleton has d zeros in its sign vector (box faces first);
# the regions around it are the completions of its neuron zeros to ±1 (box zeros stay inside)
d = ks[0]
B = 2 * d
sv = v_sv.numpy().astype(np.int8)
zeros = sv == 0
generic = zeros.sum(1) == d
sv = sv[generic]
zi = np.nonzero(sv == 0)[1].reshape(len(sv), d)
rows = np.arange(len(sv))
keys = []
for t in range(1 << d):
    c = sv.copy()
    for k in range(d):
        col = zi[:, k]
        val = np.where(col < B, 1, 1 if (t >> k) & 1 else -1).astype(np.int8)
        c[rows, col] = val
    keys.append(np.packbits(c[:, B:] > 0, axis=1))
allk = np.concatenate(keys)
regions = len(np.unique(allk.view(np.dtype((np.void, allk.shape[1])))))
print(json.dumps({'regions': int(regions), 'nonGenericVertices': int((~generic).sum()), 'firstSeconds': first,
                  'warmSeconds': sorted(warms)[len(warms) // 2] if warms else None, 'importSeconds': t_import}))
