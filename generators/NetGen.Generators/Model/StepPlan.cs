using System.Linq;

namespace NetGen.Generators.Model;

/// <summary>
/// How a training pass and an optimizer step run: every choice the emitter's training code prints, made here from the
/// plan (so the emitter has no policy and the choices can be tested and read in one place).
/// </summary>
/// <param name="TrainsInRegisters">A one-row gradient pass is GradientsOfOneRow, every layer's values in registers (<see cref="KernelBlocking.TrainsInRegisters"/>).</param>
/// <param name="StepsInRegisters">
/// A one-row TrainBatch without the opt-in checks takes its step as GradientsOfOneRow (step: true) computes each gradient
/// register: no pass over the gradient buffer (whose zmm loads would wait for the narrower gradient stores to retire).
/// Plain SGD keeps the new parameters across the loss's call and stores them if it is finite (so they must be few);
/// Adam (without weight decay) takes the loss's value first and steps each register under that condition. Only where
/// the step is element-wise on the raw gradient (no momentum, clipping or penalties) and every layer's weight
/// gradients are written out input by input (no loop holds them).
/// </param>
/// <param name="SplitsBatches">Two training threads may split a batch's rows: not when the forward pass draws noise or Newton keeps the batch.</param>
/// <param name="SplitsByRange">
/// The whole step is element-wise over the trainable storage, so two threads each step a range of it: not with
/// per-layer clipping (each layer's own norm), nor with penalties or a decay on the matrices only (the ranges would
/// have to follow the layers).
/// </param>
/// <param name="ParameterSplit">Where the worker's range starts: the middle of the trainable range, rounded down to a whole Vector512.</param>
/// <param name="ClipsByGlobalNorm">Global-norm clipping over the whole trainable range: one sum of squares of every gradient.</param>
/// <param name="ClipsAsTheStepReads">
/// The global-norm clip factor is applied by the optimizer kernel as it reads the gradients, instead of scaling them
/// in place first: when nothing else reads the clipped gradients (no penalties, an optimizer that takes it).
/// </param>
/// <param name="LabelsReachTheLoss">
/// A batch given as class labels goes to the runtime's softmax cross-entropy as labels (GradientsOfLabels): each block
/// of rows compares them with each class instead of writing and reading one-hot rows. The kernel's loss (no class
/// weights) over at most one Vector512 of classes, through the batch kernels, on this thread (not Newton's kept batch), for
/// batches of more than one row.
/// </param>
/// <param name="LossInOutputRegisters">
/// With <see cref="LabelsReachTheLoss"/>: the output layer is stored by unit, at most 4 logits (no activation) over at
/// most 64 inputs, so a labelled training pass takes the loss from the layer's registers, block by block of rows in
/// lanes (NetGen.Runtime.UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels): the logits are neither stored nor
/// loaded back (iris). The same bits as the layer's forward then the loss kernel, which take the rows it cannot.
/// </param>
/// <param name="LossValueAfterStep">
/// With <see cref="LossInOutputRegisters"/> and <see cref="StepsInBackward"/>: TrainBatch takes the loss's value after the
/// step, from the parts the kernel stores (NetGen.Runtime.UnitRowKernels.TryLinearWithSoftmaxCrossEntropyPartsOfLabels), and
/// tests a bound without its log before the step: the log, the end of the pass's longest chain, held the backward's
/// in-order retirement up behind it (iris's batch-16 step: about 4 %). The same bits.
/// </param>
/// <param name="CoupledWeightDecay">The L2 penalty added to the gradients: the weight decay, except AdamW's, which is decoupled.</param>
/// <param name="StepsInBackward">
/// TrainBatch without the opt-in checks takes Adam's step inside its backward pass, so the step's square roots and
/// divisions (bound by the divider) overlap the backward's multiply-adds instead of following them. Only where the
/// step is plain Adam over the whole storage on the raw gradients (no clipping, penalties, decay, frozen layers or
/// Newton) and the step's four buffers fit a core's L2 cache (<see cref="MostStorageStepsInBackward"/>).
/// </param>
/// <param name="InterleavesInLowest">
/// With <see cref="StepsInBackward"/>: a Vector512 of the step between each row's multiply-adds of the lowest layer's
/// weight gradient (NetGen.Runtime.AdamInterleave; digits' batch-32 step 4.17 → 3.77 µs for the two), where the lowest
/// layer's weights come first in the storage with at least four Vector512s of columns (its 4 × 4 blocks). Otherwise (up
/// to <see cref="MostRowsSteppingEachLayer"/> rows) each layer's range is stepped as soon as its backward is done (its gradients final, its weights read no more), and
/// the out-of-order core runs those divisions beside the next layer's multiply-adds (iris), on Vector512 machines; on the
/// others the whole storage once after the backward (<see cref="StepsEachRangeWhere"/>).
/// </param>
/// <param name="SteppedInBackwardFirst">With <see cref="InterleavesInLowest"/>: the lowest layer's stored weights, [0, this), stepped as the kernel finishes them.</param>
internal sealed record StepPlan(
    bool TrainsInRegisters,
    bool StepsInRegisters,
    bool SplitsBatches,
    bool SplitsByRange,
    int ParameterSplit,
    bool ClipsByGlobalNorm,
    bool ClipsAsTheStepReads,
    bool LabelsReachTheLoss,
    bool LossInOutputRegisters,
    bool LossValueAfterStep,
    float CoupledWeightDecay,
    bool StepsInBackward,
    bool InterleavesInLowest,
    int SteppedInBackwardFirst)
{
    /// <summary>
    /// The generated condition under which a backward pass that steps each layer (<see cref="StepsInBackward"/> without
    /// <see cref="InterleavesInLowest"/>) steps each layer's range as its backward ends, else the whole storage after the
    /// last: per range on Vector512 machines (measured a gain on the Intel host: the divider works beside the next layer's
    /// multiply-adds); once on the others (Zen 1, AVX2: each 256-bit instruction two macro-ops, the window does not reach
    /// the next layer, and each range's fixed cost stays; iris's batch-16 step 1.117 → 1.089 of the fast reference). The
    /// same bits either way: Adam is elementwise.
    /// </summary>
    public const string StepsEachRangeWhere = "Vector512.IsHardwareAccelerated";

    /// <summary>Trainable floats a fused one-row step holds as new parameters across the loss's call: 16 Vector512s.</summary>
    public const int MostParametersStepInRegisters = 256;

    /// <summary>
    /// Stored floats up to which TrainBatch steps inside backward: parameters, gradients and both moments, 512 KB. Beyond,
    /// the step's streams from L3 evict the weight gradient's rows of inputs and deltas: deep's batch-64 step (400 000
    /// parameters) went about 4% slower with it (5 alternated rounds, normalized by its unchanged forward pass).
    /// </summary>
    public const int MostStorageStepsInBackward = 32768;

    /// <summary>
    /// Batch sizes up to which a network whose lowest layer does not host the step steps each layer's range in backward
    /// (<see cref="InterleavesInLowest"/> false): there the step's divisions (about 15 cycles a Vector512 of parameters)
    /// take at least half as long as the backward's multiply-adds (about 2 × rows cycles a Vector512 of weights), so
    /// running them beside each other pays (iris, 16 rows: 1.19 → 1.10 of the fast reference's step); with more rows the
    /// gain shrinks and the pass's code is not worth its place in the build's size budget (docs/buildtime.md).
    /// </summary>
    public const int MostRowsSteppingEachLayer = 16;

    /// <summary>NetGen.Runtime.UnitRowKernels.InputsInLanesLimit: inputs up to which a unit-row layer takes its rows into lanes (a test holds the two equal).</summary>
    public const int UnitRowInputsInLanesLimit = 64;

    public static StepPlan Of(NetworkPlan plan)
    {
        var t = plan.Spec.Training;
        var clipping = plan.Spec.Clipping;
        float coupledDecay = t.Optimizer == Optimizer.AdamW ? 0f : t.WeightDecay;
        bool penalties = coupledDecay != 0f || t.L1 != 0f;
        bool matricesOnly = !t.RegularizeBias && (penalties || (t.Optimizer == Optimizer.AdamW && t.WeightDecay != 0f));
        bool perLayerNorms = clipping.Kind == ClippingKind.GlobalNorm && clipping.PerLayer;
        bool globalNorm = clipping.Kind == ClippingKind.GlobalNorm && !clipping.PerLayer;
        bool splitsBatches = plan.Trainable && !plan.HasNoise && !plan.IsNewton;
        int trainable = plan.ParameterStorage - plan.TrainableStart;
        bool inRegisters = !plan.IsNewton && KernelBlocking.TrainsInRegisters(plan);
        bool plainSgd = t.Optimizer == Optimizer.Sgd && t.Momentum == 0f;
        bool plainAdam = t.Optimizer is Optimizer.Adam or Optimizer.AdamW && t.WeightDecay == 0f;
        bool stepsInRegisters = inRegisters && (plainSgd && trainable <= MostParametersStepInRegisters || plainAdam)
            && clipping.Kind == ClippingKind.None && !penalties && !plan.HasNoise
            && plan.Layers.All(layer => !layer.Trainable || layer.UnrollInputs || layer.Layer.StoredByUnit);
        bool labelsReachTheLoss = plan.Trainable && plan.LossCallsKernel && plan.Spec.OutputSize <= NetworkPlan.Padding && t.BatchSize > 1 && !plan.IsNewton;
        var output = plan.OutputLayer;
        var lowest = plan.Layers[0];
        var lowestWeights = plan.Blocks.FirstOrDefault(block => block.Layer == 0 && block.Role == ParameterRole.Weight);
        bool stepsInBackward = plainAdam && plan.Trainable && !plan.IsNewton && !plan.HasNoise && !plan.HasFrozenLayers
            && clipping.Kind == ClippingKind.None && !penalties && plan.ParameterStorage <= MostStorageStepsInBackward;
        bool interleaves = stepsInBackward && lowestWeights is { StorageOffset: 0 } && KernelBlocking.HostsStepInBackward(plan, lowest);
        stepsInBackward &= interleaves || t.BatchSize <= MostRowsSteppingEachLayer;
        bool lossInOutputRegisters = labelsReachTheLoss && output.Layer.StoredByUnit && output.Layer.LinearUnits <= 4
            && output.Layer.Activation == Activation.Identity && !output.HasNoise && output.Layer.Inputs <= UnitRowInputsInLanesLimit;
        return new StepPlan(
            TrainsInRegisters: inRegisters,
            StepsInRegisters: stepsInRegisters,
            SplitsBatches: splitsBatches,
            SplitsByRange: splitsBatches && !perLayerNorms && !matricesOnly,
            ParameterSplit: plan.TrainableStart + trainable / 2 / NetworkPlan.Padding * NetworkPlan.Padding,
            ClipsByGlobalNorm: globalNorm,
            ClipsAsTheStepReads: globalNorm && !penalties && t.Optimizer is Optimizer.Adam or Optimizer.AdamW or Optimizer.Sgd,
            LabelsReachTheLoss: labelsReachTheLoss,
            LossInOutputRegisters: lossInOutputRegisters,
            LossValueAfterStep: lossInOutputRegisters && stepsInBackward,
            CoupledWeightDecay: coupledDecay,
            StepsInBackward: stepsInBackward,
            InterleavesInLowest: interleaves,
            SteppedInBackwardFirst: interleaves ? lowestWeights!.StorageLength : 0);
    }
}
