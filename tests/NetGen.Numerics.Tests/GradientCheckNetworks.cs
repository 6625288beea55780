using NetGen;

namespace NetGen.Numerics.Tests;

// Every valid (output activation, loss) pair, each behind hidden layers that use every hidden
// activation, so one finite-difference check per class covers every activation × loss.

[Network(Loss = Loss.MeanSquaredError, BatchSize = 5, Seed = 11)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Identity)]
public partial class MseIdentity { }

[Network(Loss = Loss.MeanSquaredError, BatchSize = 5, Seed = 12)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Sigmoid)]
public partial class MseSigmoid { }

[Network(Loss = Loss.MeanSquaredError, BatchSize = 5, Seed = 13)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Tanh)]
public partial class MseTanh { }

[Network(Loss = Loss.MeanSquaredError, BatchSize = 5, Seed = 14)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Relu)]
public partial class MseRelu { }

[Network(Loss = Loss.MeanSquaredError, BatchSize = 5, Seed = 15)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.LeakyRelu)]
public partial class MseLeakyRelu { }

[Network(Loss = Loss.MeanSquaredError, BatchSize = 5, Seed = 16)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Softmax)]
public partial class MseSoftmax { }

[Network(Loss = Loss.BinaryCrossEntropy, BatchSize = 5, Seed = 17)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Sigmoid)]
public partial class BceSigmoid { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 18)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Identity)]
public partial class CrossEntropyIdentity { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 19)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Sigmoid)]
public partial class CrossEntropySigmoid { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 20)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Tanh)]
public partial class CrossEntropyTanh { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 21)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Relu)]
public partial class CrossEntropyRelu { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 22)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.LeakyRelu)]
public partial class CrossEntropyLeakyRelu { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 23)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Softmax)]
public partial class CrossEntropySoftmax { }

// A wide layer: inputs past the unroll limit take the loop path, and several accumulator blocks.
[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 24)]
[Input(40)] [Dense(150, Activation.Relu)] [Dense(10, Activation.Identity)]
public partial class WideCrossEntropy { }

// Batches of one row train in registers (GradientsOfOneRow): a Vector256 network whose output derivative is chained
// (MSE on a sigmoid) and a Vector512 one whose input gradients fill several lane groups (16 → 12 → 10).
[Network(Loss = Loss.MeanSquaredError, BatchSize = 1, Seed = 25)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Sigmoid)]
public partial class OneRowMseSigmoid { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 1, Seed = 26)]
[Input(3)] [Dense(16, Activation.Tanh)] [Dense(12, Activation.Relu)] [Dense(10, Activation.Identity)]
public partial class OneRowCrossEntropy { }

[Network(Loss = Loss.BinaryCrossEntropy, BatchSize = 1, Seed = 27)]
[Input(3)] [Dense(5, Activation.Tanh)] [Dense(4, Activation.Relu)] [Dense(4, Activation.LeakyRelu)] [Dense(4, Activation.Sigmoid)] [Dense(3, Activation.Sigmoid)]
public partial class OneRowBceSigmoid { }

// Layers of different widths in registers: each keeps its own vector (its weight rows are stored that wide), so on the
// Vector512 path a 4-unit layer's Vector128 lanes widen into a 16-unit layer and its lanes narrow into the 3 outputs'.
[Network(Loss = Loss.CrossEntropy, BatchSize = 1, Seed = 32)]
[Input(3)] [Dense(4, Activation.Relu)] [Dense(16, Activation.Tanh)] [Dense(3, Activation.Identity)]
public partial class OneRowMixedWidths { }

// One-unit layers train in registers as dot products (KernelBlocking.ComputesAsDotProduct): an output after a
// Vector256 hidden layer whose padding lanes hold tanh(0) = 0, and a hidden one-unit layer between a Vector512
// layer and the output, so dz chains through its activation and its dy reaches a 16-wide layer below.
[Network(Loss = Loss.BinaryCrossEntropy, BatchSize = 1, Seed = 28)]
[Input(3)] [Dense(6, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
public partial class OneRowOneUnit { }

[Network(Loss = Loss.MeanSquaredError, BatchSize = 1, Seed = 29)]
[Input(3)] [Dense(16, Activation.Sigmoid)] [Dense(1, Activation.Tanh)] [Dense(1, Activation.Identity)]
public partial class OneRowHiddenUnit { }

// A hidden one-unit layer over 11 units, stored 16 wide for Vector512: on Vector128 the layer below is 4 vectors
// but the unit's weight column fills 3, and the fourth's dy is zero (the random declarations found it not compiling).
[Network(Loss = Loss.MeanSquaredError, BatchSize = 1, Seed = 31)]
[Input(3)] [Dense(11, Activation.Tanh)] [Dense(1, Activation.Tanh)] [Dense(2, Activation.Identity)]
public partial class OneRowPaddedHiddenUnit { }

// The column blocks of realistic widths (KernelBlocking.BlockVectors, LoopsOverColumnBlocks): 79 units are 5 Vector512
// vectors (a block of 4 and one of 1), 10 Vector256 vectors (2 blocks of 5 in one-row kernels) and 20 Vector128 ones;
// 96 units are 6 Vector512 vectors (2 blocks of 3, a loop). 21 and 79 inputs leave a last input after the blocks of 4,
// and a batch of 5 takes one block of 4 rows and one row alone.
[Network(Loss = Loss.CrossEntropy, BatchSize = 5, Seed = 30)]
[Input(21)] [Dense(79, Activation.Tanh)] [Dense(96, Activation.Sigmoid)] [Dense(10)]
public partial class BlockedCrossEntropy { }

// Narrow layers under a full batch: their columns (16) are fewer than twice the rows (34), so the input gradients run
// through the transposition scratch (Vector512: a 16 × 16 square for Layer1; Layer2's 12 inputs one by one), and the
// loss's 5 outputs take blocks of rows in lanes plus the rows left over (34 = 2 × 16 + 2).
[Network(Loss = Loss.CrossEntropy, BatchSize = 34, Seed = 31)]
[Input(20)] [Dense(16, Activation.Relu)] [Dense(12, Activation.Tanh)] [Dense(5)]
public partial class NarrowCrossEntropy { }

// Narrow output layers stored by unit (KernelBlocking.StoresByUnit) under whole batches: 37 rows are 2 blocks of 16 in
// lanes (Vector512) and 5 rows left over; 12 inputs are a partial square (their weights' padding must get no
// gradient), 20 inputs two squares; the sigmoid's derivative is chained (MSE), the logits' comes from the loss. The hidden
// sigmoid's padding lanes hold f(0) = 0.5: the weight rows' zero padding must cancel them, and stay zero.
[Network(Loss = Loss.MeanSquaredError, BatchSize = 37, Seed = 33)]
[Input(5)] [Dense(12, Activation.Sigmoid)] [Dense(3, Activation.Sigmoid)]
public partial class ByUnitSigmoid { }

[Network(Loss = Loss.CrossEntropy, BatchSize = 37, Seed = 34)]
[Input(5)] [Dense(20, Activation.Relu)] [Dense(4)]
public partial class ByUnitLogits { }

// Three narrow layers in a row under a full batch, all on Vector512: each layer's backward transposes the weights of
// the layer below ahead of that layer's input gradient (KernelBlocking.TransposedAbove), into the scratch region of its
// parity, while its own input gradient still reads the other region.
[Network(Loss = Loss.CrossEntropy, BatchSize = 20, Seed = 37)]
[Input(6)] [Dense(12, Activation.Tanh)] [Dense(10, Activation.Relu)] [Dense(9, Activation.Sigmoid)] [Dense(11)]
public partial class TransposedAheadCrossEntropy { }

// One row through layers three and four vectors wide (LinearRowWideInChains): its inputs broadcast from registers of
// sixteen by permutes, the inputs past the last whole sixteen (40 = 2 × 16 + 8, 50 = 3 × 16 + 2) from memory.
[Network(Loss = Loss.CrossEntropy, BatchSize = 8, Seed = 41)]
[Input(40)] [Dense(50, Activation.Tanh)] [Dense(36, Activation.Relu)] [Dense(5)]
public partial class WideRowCrossEntropy { }
