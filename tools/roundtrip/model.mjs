// The small MLP+Conv model shared by the safetensors round-trip check (same architecture as
// tools/fixtures/make_roundtrip_fixtures.py builds in PyTorch).
import { nn } from '../../dist/src/index.node.js';

/** Conv1d(2→4, k3, p1) → ReLU → Flatten → Linear(32→8) → Tanh → Linear(8→3), input [batch, 2, 8]. */
export function buildModel() {
  return new nn.Sequential(
    new nn.Conv1d(2, 4, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.Flatten(),
    new nn.Linear(32, 8),
    new nn.Tanh(),
    new nn.Linear(8, 3),
  );
}
