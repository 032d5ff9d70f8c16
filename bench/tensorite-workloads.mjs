// The reference workloads (../shared/reference/torch_bench.py) in tensorite: same shapes, optimiser (Adam,
// lr 1e-3) and loss.
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

/** nn.LSTM / nn.GRU (batch first, one layer) and a linear head on the last time step, as torch_bench.py's LastStep. */
function RecurrentLastStep(T, kind, inputSize, hidden) {
  const rnn = kind === 'lstm' ? new T.nn.LSTM(inputSize, hidden, { batchFirst: true }) : new T.nn.GRU(inputSize, hidden, { batchFirst: true });
  const head = new T.nn.Linear(hidden, 1);
  this.parameters = () => [...rnn.parameters(), ...head.parameters()];
  this.forward = (x) => {
    const [out] = rnn.forward(x);
    return head.forward(T.select(out, 1, x.shape[1] - 1));
  };
}

/** Sets tensorite's thread count and, above one, starts the worker threads and waits for them to come up. */
export async function useThreads(T, threads) {
  T.setNumThreads(threads);
  if (threads > 1) {
    T.matmul(T.ones([256, 256]), T.ones([256, 256])); // start the worker threads
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
