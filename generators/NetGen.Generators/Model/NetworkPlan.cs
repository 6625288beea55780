using System;
using System.Collections.Immutable;
using System.Linq;

namespace NetGen.Generators.Model;

/// <summary>How the gradient of the loss enters the output layer.</summary>
internal enum OutputGradientKind
{
    /// <summary><c>dL/dy</c> from the loss, then through the activation's derivative like any layer.</summary>
    ThroughActivation,
    /// <summary>BinaryCrossEntropy on a Sigmoid: σ' cancels, <c>dz = (y - t) / n</c>.</summary>
    SigmoidBinaryCrossEntropy,
    /// <summary>CrossEntropy or KullbackLeibler with a Softmax layer: the softmax is the loss's own, <c>dz = (softmax(z)·Σt - t) / rows</c>.</summary>
    SoftmaxCrossEntropy,
    /// <summary>Any other loss after Softmax: <c>dz = y ⊙ (dy - dy·y)</c>.</summary>
    SoftmaxJacobian,
}

/// <summary>The loss gradients the one-row in-register training path computes in registers (<see cref="NetworkPlan.LossGradientInRegisters"/>).</summary>
internal enum RegisterLossGradient
{
    /// <summary>Through the activation buffer and <c>LossOfRows</c>.</summary>
    None,
    /// <summary><c>(y - t) / n</c>: binary cross-entropy fused with its sigmoid.</summary>
    Difference,
    /// <summary><c>2 (y - t) / n</c>: squared error.</summary>
    DoubledDifference,
    /// <summary><c>(softmax(y) · Σt - t) / rows</c>: cross-entropy on logits.</summary>
    SoftmaxCrossEntropy,
}

/// <summary>How <c>Evaluate</c> decides that a prediction is right.</summary>
internal enum ClassificationKind
{
    /// <summary>A regression network: no accuracy.</summary>
    None,
    /// <summary>The largest output is the target's largest (one-hot or probability targets).</summary>
    Argmax,
    /// <summary>Every output is on the target's side of 0.5: probabilities from Sigmoid-like outputs.</summary>
    ThresholdProbability,
    /// <summary>Every output is on the target's side of 0: logits for the with-logits losses.</summary>
    ThresholdLogit,
}

/// <summary>
/// Every decision the emitter needs, made here: padding, offsets, unrolling, fusions. The emitter
/// only prints this plan.
/// </summary>
/// <param name="Blocks">Every parameter tensor, in state_dict order.</param>
/// <param name="TrainableStart">
/// Where the trainable layers' storage starts: frozen layers are stored first, so the optimizer, the penalties and
/// clipping run over one range, [TrainableStart, ParameterStorage).
/// </param>
internal sealed record NetworkPlan(
    NetworkSpec Spec,
    EquatableArray<DensePlan> Layers,
    EquatableArray<ParameterBlock> Blocks,
    int ParameterStorage,
    int TrainableStart,
    int ActivationStorage,
    OutputGradientKind OutputGradient)
{
    /// <summary>The parameters of the declared Weights file, state_dict order; empty when none is declared.</summary>
    public EquatableArray<float> EmbeddedParameters { get; init; }

    /// <summary>Rows of every buffer are padded to this many floats: one Vector512, one cache line.</summary>
    public const int Padding = 16;
    /// <summary>Loops over at most this many inputs are written out in full.</summary>
    public const int UnrollInputLimit = 16;

    public DensePlan OutputLayer => Layers[Layers.Count - 1];
    /// <summary>Whether some layer is frozen: the optimizer's range starts at <see cref="TrainableStart"/>, not 0.</summary>
    public bool HasFrozenLayers => TrainableStart > 0;
    public bool Trainable => Spec.Training.Trainable;
    /// <summary>Some layer draws random numbers while training (RRelu): the network keeps a random stream for them.</summary>
    public bool HasNoise => Layers.Any(l => l.HasNoise);
    /// <summary>
    /// The network has a training mode and an evaluation mode (torch's <c>model.train()</c> / <c>model.eval()</c>): its
    /// forward passes take a <c>training</c> flag, true when training and false for Predict, ComputeLoss and Evaluate.
    /// </summary>
    public bool HasTrainingMode => Layers.Any(l => l.DiffersInTraining);
    /// <summary>The optimizer and schedule need the number of steps taken.</summary>
    public bool CountsSteps => Trainable && (Spec.Training.Optimizer is Optimizer.Adam or Optimizer.AdamW || Spec.Training.Schedule.Kind != LearningRateSchedule.Constant);

    public ClassificationKind Classification
    {
        get
        {
            var loss = Spec.Training.Loss;
            var output = Spec.OutputLayer;
            bool multiClass = output.OutputWidth >= 2;
            if (loss is Loss.BinaryCrossEntropyWithLogits or Loss.Focal)
                return ClassificationKind.ThresholdLogit;
            if (multiClass && (loss is Loss.CrossEntropy or Loss.KullbackLeibler or Loss.ZeroOne || output.Activation == Activation.Softmax))
                return ClassificationKind.Argmax;
            if (loss is Loss.BinaryCrossEntropy or Loss.ZeroOne || output.ActivationInfo.OutputsProbability)
                return ClassificationKind.ThresholdProbability;
            return ClassificationKind.None;
        }
    }

    /// <summary>Optimizer state buffers the size of the parameters, by field name.</summary>
    public ImmutableArray<string> OptimizerStateFields
    {
        get
        {
            var t = Spec.Training;
            var fields = ImmutableArray.CreateBuilder<string>();
            if (!Trainable)
                return fields.ToImmutable(); // a network that is never trained keeps no optimizer state
            switch (t.Optimizer)
            {
                case Optimizer.Adam or Optimizer.AdamW:
                    fields.Add("_firstMoment");
                    fields.Add("_secondMoment");
                    break;
                case Optimizer.Sgd when t.Momentum != 0f:
                    fields.Add("_velocity");
                    break;
                case Optimizer.AdaGrad:
                    fields.Add("_squareSum");
                    break;
                case Optimizer.RmsProp:
                    fields.Add("_squareAverage");
                    if (t.Centered) fields.Add("_gradientAverage");
                    if (t.Momentum != 0f) fields.Add("_velocity");
                    break;
            }
            return fields.ToImmutable();
        }
    }

    /// <summary>PyTorch's name for an optimizer state buffer (<see cref="OptimizerStateFields"/>): what a checkpoint calls it.</summary>
    public static string TorchStateName(string field) => field switch
    {
        "_firstMoment" => "exp_avg",
        "_secondMoment" => "exp_avg_sq",
        "_velocity" => "momentum_buffer",
        "_squareSum" => "sum",
        "_squareAverage" => "square_avg",
        "_gradientAverage" => "grad_avg",
        _ => field,
    };

    /// <summary>The floats of the trainable tensors: the length of each optimizer buffer in a checkpoint.</summary>
    public int TrainableParameterCount => Blocks.Where(block => block.Trainable).Sum(block => block.Count);

    public static NetworkPlan Create(NetworkSpec spec)
    {
        var outputGradient = OutputGradientFor(spec.Training.Loss, spec.OutputLayer.Activation);
        var blocks = PlaceBlocks(spec, out int parameterStorage, out int trainableStart);
        int lowestTrainable = spec.Layers.FirstOrDefault(layer => layer.Trainable)?.Index ?? spec.Layers.Count;
        var layers = ImmutableArray.CreateBuilder<DensePlan>(spec.Layers.Count);
        int activations = 0;
        foreach (var layer in spec.Layers)
        {
            int stride = layer.Stride;
            int rowStride = layer.StoredByUnit ? PadToVector(layer.OutputWidth) : Math.Max(stride, PadToVector(layer.OutputWidth));
            var own = blocks.Where(block => block.Layer == layer.Index).ToList();
            int Offset(ParameterRole role) => own.FirstOrDefault(block => block.Role == role)?.StorageOffset ?? -1;
            int weights = Offset(ParameterRole.Weight), bias = Offset(ParameterRole.Bias), activationParameters = Offset(ParameterRole.ActivationParameter);
            int end = own.Max(block => block.StorageOffset + block.StorageLength);
            int rowBlock = spec.Training.BatchSize * rowStride;
            bool isOutput = layer.Index == spec.Layers.Count - 1, storesZ = KernelBlocking.StoresZ(layer, isOutput);
            // A layer that keeps no z names y's place for it: nothing writes or reads it there.
            int z = activations, y = storesZ ? z + rowBlock : z, delta = y + rowBlock;
            activations = delta + rowBlock;
            int noise = -1;
            if (layer.ActivationInfo.IsStochastic)
            {
                noise = activations;
                activations += rowBlock;
            }
            bool chains = (layer.ActivationInfo.Backward is not null || layer.ActivationInfo.Shape is ActivationShape.Concatenated or ActivationShape.Maxout)
                && (!isOutput || outputGradient == OutputGradientKind.ThroughActivation);
            layers.Add(new DensePlan(layer, stride, rowStride, weights, bias, activationParameters, end, z, y, delta, noise,
                InitScaleFor(layer), layer.Inputs <= UnrollInputLimit, chains,
                RunsBackward: layer.Index >= lowestTrainable, SendsInputGradient: layer.Index > lowestTrainable, StoresZ: storesZ));
        }
        var plans = layers.ToImmutable();
        // Two scratch regions, layers of even and of odd index: a layer's weights are transposed while the layer above
        // still reads its own (KernelBlocking.TransposedAbove), so neighbours never share one.
        int ScratchOf(int parity) => plans.Where(layer => layer.Index % 2 == parity && TransposesForInputGradient(layer, spec.Training.BatchSize))
            .Select(layer => layer.Stride * PadToVector(layer.Layer.Inputs)).DefaultIfEmpty(0).Max();
        int evenScratch = ScratchOf(0), oddScratch = ScratchOf(1), scratchStart = activations;
        plans = plans.Select(layer => TransposesForInputGradient(layer, spec.Training.BatchSize)
            ? layer with { TransposeOffset = scratchStart + (layer.Index % 2 == 0 ? 0 : evenScratch) } : layer).ToImmutableArray();
        activations += evenScratch + oddScratch;
        return new NetworkPlan(spec, plans, new EquatableArray<ParameterBlock>(blocks), parameterStorage, trainableStart, activations, outputGradient);
    }

    /// <summary>
    /// Every node's parameter tensors (<see cref="NodeSpec.Tensors"/>), named as the nn.Sequential's state_dict names them
    /// (module indices count every node's modules, as PyTorch does: the Linear of <c>[Dense(4, Tanh)] [Dense(1,
    /// Sigmoid)]</c> are modules 0 and 2) and placed in the storage: frozen nodes first, then the trainable ones, each
    /// in declaration order. Without frozen nodes that is simply declaration order and <paramref name="trainableStart"/> is 0.
    /// </summary>
    private static ImmutableArray<ParameterBlock> PlaceBlocks(NetworkSpec spec, out int storage, out int trainableStart)
    {
        var storageOffsets = new System.Collections.Generic.Dictionary<(int Node, int Tensor), int>();
        int next = 0;
        trainableStart = 0;
        foreach (bool trainable in new[] { false, true })
        {
            if (trainable)
                trainableStart = next;
            foreach (var node in spec.Layers.Where(n => n.Trainable == trainable))
            {
                int t = 0;
                foreach (var tensor in node.Tensors())
                {
                    storageOffsets[(node.Index, t++)] = next;
                    next += tensor.StorageLength;
                }
            }
        }
        storage = next;

        var blocks = ImmutableArray.CreateBuilder<ParameterBlock>();
        int module = 0, stateOffset = 0;
        foreach (var node in spec.Layers)
        {
            int t = 0;
            foreach (var tensor in node.Tensors())
            {
                var block = new ParameterBlock(node.Index, tensor.Role, $"{module + tensor.Module}.{tensor.Name}", tensor.Shape, stateOffset,
                    storageOffsets[(node.Index, t++)], tensor.StorageLength, node.Name, node.Trainable) { ByUnit = tensor.ByUnit };
                blocks.Add(block);
                stateOffset += block.Count;
            }
            module += node.Modules;
        }
        return blocks.ToImmutable();
    }

    /// <summary>
    /// Whether a layer's input gradient may transpose its weights and run as a forward product (dx[r] = Σ_c dz[r, c]·Wᵀ[c],
    /// no sums across lanes) rather than as dot products each summed across its lanes: when the layer's columns (its
    /// stride) are fewer than twice the batch's rows. A dot product's lane sum costs about two vector operations per row
    /// and input, the transposition one move per weight, once per batch (iris's 16 → 3 layer: 48 moves against 256
    /// lane sums). The kernel decides again against the rows and columns of each call (a smaller last batch, a narrower path).
    /// </summary>
    public static bool TransposesForInputGradient(DensePlan layer, int batchSize) =>
        layer.SendsInputGradient && !layer.Layer.StoredByUnit && layer.Stride < 2 * batchSize;

    public static int PadToVector(int count) => (count + Padding - 1) / Padding * Padding;

    private static OutputGradientKind OutputGradientFor(Loss loss, Activation output) => (loss, output) switch
    {
        (Loss.CrossEntropy or Loss.KullbackLeibler, Activation.Softmax) => OutputGradientKind.SoftmaxCrossEntropy,
        (Loss.BinaryCrossEntropy, Activation.Sigmoid) => OutputGradientKind.SigmoidBinaryCrossEntropy,
        (_, Activation.Softmax) => OutputGradientKind.SoftmaxJacobian,
        _ => OutputGradientKind.ThroughActivation,
    };

    private static float InitScaleFor(DenseSpec layer) => WeightScale.DrawScale(layer.Init, layer.Inputs, layer.LinearUnits);

    /// <summary>CrossEntropy networks take int labels too: one-hot rows are built in a buffer of their own.</summary>
    /// <summary>
    /// Whether the loss is the runtime's softmax cross-entropy kernel (LossKernels), the outputs of a row in lanes: cross-entropy
    /// on logits (an output layer without Softmax), no class weights. Written per element, its exps were a third of an iris
    /// batch's gradient and a quarter of digits'. The other losses are a loop over the outputs of a row in plain floats.
    /// </summary>
    public bool LossCallsKernel => Spec.Training.Loss == Loss.CrossEntropy && Spec.Training.ClassWeights.Count == 0
        && OutputGradient == OutputGradientKind.ThroughActivation;
    /// <summary>
    /// The loss's gradient that the one-row in-register training path takes in registers (when the output layer's values
    /// fit one register), not through the activation buffer and the loss loop: a dependent step waits on that round trip.
    /// Those of <see cref="LossCallsKernel"/>, a binary cross-entropy fused with its sigmoid and a squared error; the
    /// other losses go through <c>LossOfRows</c>.
    /// </summary>
    public RegisterLossGradient LossGradientInRegisters =>
        LossCallsKernel ? RegisterLossGradient.SoftmaxCrossEntropy
        : OutputGradient == OutputGradientKind.SigmoidBinaryCrossEntropy ? RegisterLossGradient.Difference
        : Spec.Training.Loss == Loss.MeanSquaredError && OutputGradient == OutputGradientKind.ThroughActivation ? RegisterLossGradient.DoubledDifference
        : RegisterLossGradient.None;

    /// <summary>
    /// Whether the one-row in-register training path takes the loss's value from the output register too, with the same
    /// bits as <c>LossOfRows</c>: a binary cross-entropy of one output whose gradient is in registers
    /// (<c>LossKernels.BinaryCrossEntropy</c>, the function <c>LossOfRows</c> calls), and a cross-entropy on logits (the
    /// register gradient's kernel gives the row's value too). Nothing then reads the output layer's z and y, so they are
    /// not stored (xor's step: two stores and the log's reload fewer, 1.02 → 1.00 of the fast reference's), and the call
    /// of <c>LossOfRows</c> is gone from between the forward pass and the backward (iris: 27 ns of a 270 ns step; the
    /// cross-entropy's kernel is a call of its own, with nothing stored or reloaded).
    /// </summary>
    public bool LossValueInRegisters =>
        (LossGradientInRegisters == RegisterLossGradient.Difference && Spec.OutputSize == 1) || LossGradientInRegisters == RegisterLossGradient.SoftmaxCrossEntropy;

    public bool HasLabelTargets => Spec.Training.Loss == Loss.CrossEntropy;
    public bool IsNewton => Trainable && Spec.Training.Optimizer == Optimizer.Newton;
    public MemoryFootprint Memory => MemoryFootprint.Of(this);
}
