// The reference workloads (../shared/reference/torch_bench.py) in tensorite: same shapes, optimiser (Adam,
// lr 1e-3) and loss. The recurrent layers are written with tensor ops (per step: the input and hidden
// projections as two GEMMs, then the gate nonlinearities), in PyTorch gate order and initialisation.
export function tensoriteWorkload(T, name) {
  T.manualSeed(0);
  if (name.startsWith('gemm')) {
    const n = Number(name.slice(4));
    const a = T.randn([n, n]);
    const b = T.randn([n, n]);
    return () => T.matmul(a, b).data;
  }
  if (name === 'mlp') {
    const m = new T.nn.Sequential(new T.nn.Linear(128, 256), new T.nn.ReLU(), new T.nn.Linear(256, 256), new T.nn.ReLU(), new T.nn.Linear(256, 1));
    return trainStep(T, m, T.randn([256, 128]), T.randn([256, 1]), T.nn.functional.mseLoss);
  }
  if (name === 'lstm' || name === 'gru') {
    const m = new RecurrentLastStep(T, name, 8, 64);
    return trainStep(T, m, T.randn([32, 50, 8]), T.randn([32, 1]), T.nn.functional.mseLoss);
  }
  if (name === 'conv1d') {
    const nn = T.nn;
    const m = new nn.Sequential(
      new nn.Conv1d(1, 32, 7, { padding: 3 }), new nn.ReLU(), new nn.MaxPool1d(2),
      new nn.Conv1d(32, 64, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool1d(2),
      new nn.AdaptiveAvgPool1d(1), new nn.Flatten(), new nn.Linear(64, 7),
    );
    return trainStep(T, m, T.randn([32, 1, 1024]), T.randint(0, 7, [32]), T.nn.functional.crossEntropy);
  }
  throw new Error(`unknown workload ${name}`);
}

function trainStep(T, model, x, y, lossFn) {
  const opt = new T.optim.Adam(model.parameters(), { lr: 1e-3 });
  return () => {
    opt.zeroGrad();
    const loss = lossFn(model.forward(x), y);
    loss.backward();
    opt.step();
  };
}

/** nn.LSTM / nn.GRU (batch first, one layer, PyTorch gate order and initialisation) and a head on the last step. */
function RecurrentLastStep(T, kind, inputSize, hidden) {
  const gates = kind === 'lstm' ? 4 : 3;
  const k = 1 / Math.sqrt(hidden);
  const uniform = (shape) => new T.nn.Parameter(T.rand(shape).mul(2 * k).sub(k));
  const params = {
    weightIh: uniform([gates * hidden, inputSize]), weightHh: uniform([gates * hidden, hidden]),
    biasIh: uniform([gates * hidden]), biasHh: uniform([gates * hidden]),
  };
  const head = new T.nn.Linear(hidden, 1);
  this.parameters = () => [...Object.values(params), ...head.parameters()];
  this.forward = (x) => {
    const [batch, steps] = x.shape;
    let h = T.zeros([batch, hidden]);
    let c = T.zeros([batch, hidden]);
    for (let t = 0; t < steps; t++) {
      const gi = T.gemm(T.select(x, 1, t), params.weightIh, false, true).add(params.biasIh);
      const gh = T.gemm(h, params.weightHh, false, true).add(params.biasHh);
      if (kind === 'lstm') {
        const [i, f, g, o] = T.chunk(gi.add(gh), 4, 1);
        c = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
        h = o.sigmoid().mul(c.tanh());
      } else {
        const [ir, iz, inn] = T.chunk(gi, 3, 1);
        const [hr, hz, hn] = T.chunk(gh, 3, 1);
        const r = ir.add(hr).sigmoid();
        const z = iz.add(hz).sigmoid();
        const n = inn.add(r.mul(hn)).tanh();
        h = n.sub(z.mul(n)).add(z.mul(h)); // (1 − z)·n + z·h
      }
    }
    return head.forward(h);
  };
}
