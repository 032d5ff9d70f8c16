// The reference workloads in TensorFlow.js (tfjs-core + tfjs-layers on the tfjs wasm backend): same shapes,
// Adam (lr 1e-3) and loss. Layers are channels-last as tfjs requires; recurrent layers use the sigmoid
// recurrent activation of PyTorch (tfjs defaults to hard sigmoid).
export async function tfjsEngine() {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  const tfl = await import('@tensorflow/tfjs-layers');
  await tf.setBackend('wasm');
  await tf.ready();
  const { version } = await import('@tensorflow/tfjs-core/package.json', { with: { type: 'json' } }).then((m) => m.default);
  return { tf, tfl, version };
}

export function tfjsWorkload({ tf, tfl }, name) {
  if (name.startsWith('gemm')) {
    const n = Number(name.slice(4));
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    return () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    };
  }
  if (name === 'mlp') {
    const m = tfl.sequential({ layers: [
      tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [128] }),
      tfl.layers.dense({ units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 1 }),
    ] });
    return trainStep(tf, m, tf.randomNormal([256, 128]), tf.randomNormal([256, 1]), (y, p) => tf.losses.meanSquaredError(y, p));
  }
  if (name === 'lstm' || name === 'gru') {
    // glorot initialisation: tfjs-layers' default orthogonal initialiser fails on the wasm backend (and
    // initialisation does not change the cost of a step)
    const layer = (name === 'lstm' ? tfl.layers.lstm : tfl.layers.gru)({
      units: 64, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform', inputShape: [50, 8],
    });
    const m = tfl.sequential({ layers: [layer, tfl.layers.dense({ units: 1 })] });
    return trainStep(tf, m, tf.randomNormal([32, 50, 8]), tf.randomNormal([32, 1]), (y, p) => tf.losses.meanSquaredError(y, p));
  }
  if (name === 'conv1d') {
    const m = tfl.sequential({ layers: [
      tfl.layers.conv1d({ filters: 32, kernelSize: 7, padding: 'same', activation: 'relu', inputShape: [1024, 1] }),
      tfl.layers.maxPooling1d({ poolSize: 2 }),
      tfl.layers.conv1d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling1d({ poolSize: 2 }),
      tfl.layers.globalAveragePooling1d(),
      tfl.layers.dense({ units: 7 }),
    ] });
    const labels = tf.oneHot(tf.randomUniform([32], 0, 7, 'int32'), 7);
    return trainStep(tf, m, tf.randomNormal([32, 1024, 1]), labels, (y, p) => tf.losses.softmaxCrossEntropy(y, p));
  }
  throw new Error(`unknown workload ${name}`);
}

function trainStep(tf, model, x, y, lossFn) {
  const opt = tf.train.adam(1e-3);
  return () => {
    const cost = opt.minimize(() => lossFn(y, model.apply(x, { training: true })), true);
    cost.dataSync();
    cost.dispose();
  };
}
