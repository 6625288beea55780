using System.Linq;

namespace NetGen.Generators.Model;

/// <summary>
/// Register blocking of the batch kernels: how many rows (or inputs) and how many output vectors one
/// block keeps in accumulator registers, per SIMD width. Each weight vector loaded is used once per
/// row of the block, so the kernels do several FMAs per load instead of one.
/// Vector512 has 32 registers: 4×4 accumulators + 4 weights + 1 broadcast. Vector256 and Vector128
/// may have only 16 (AVX2, or Native AOT's x86-64-v2): 4×2 + 2 + 1, or on Vector256 2×4 + 4 + 1 where a layer is at
/// least 4 vectors wide (DenseKernels: a broadcast per 4 multiply-adds).
/// </summary>
internal static class KernelBlocking
{
    /// <summary>Rows of the batch per forward block (inputs per weight-gradient block).</summary>
    public static int Rows(SimdWidth width) => width.IsScalar ? 1 : 4;

    /// <summary>
    /// Whether a layer stores its weights by unit, <c>[units][stride]</c> (NetGen.Runtime.UnitRowKernels): an output
    /// layer of at most 4 units after another layer, elementwise and without activation parameters or random slopes.
    /// Transposed, each of its rows would be 4 floats of which 3 are used, and a batch would multiply through those
    /// narrow rows; by unit, a block of rows goes into the lanes, each unit's sums are whole vectors, and backward needs
    /// no transposed weights (iris's 16 → 3 logits layer). In registers, its units are dot products of the layer
    /// below's registers with whole weight rows, with no lane shuffled out per input.
    /// </summary>
    public static bool StoresByUnit(DenseSpec layer, bool isOutput) =>
        isOutput && layer.Index > 0 && layer.LinearUnits <= 4 && layer.ActivationInfo.Shape == ActivationShape.Elementwise
        && layer.ActivationParameterCount == 0 && !layer.ActivationInfo.IsStochastic;

    /// <summary>
    /// Whether a layer's forward pass on a width is the dense kernel and nothing else (its activation applied by the
    /// kernel, elementwise, weights by input): a one-sample forward pass can call the kernel's one-row body for it
    /// (<c>DenseKernels.LinearOneRow</c>) instead of the layer's method.
    /// </summary>
    public static bool ForwardIsTheKernelAlone(DensePlan layer, SimdWidth width) =>
        !layer.Layer.StoredByUnit && AppliesActivationInKernel(layer)
        && layer.Layer.ActivationInfo.Shape == ActivationShape.Elementwise;

    /// <summary>
    /// Whether Predict takes a one-sample forward pass of its own (<c>ForwardOneRow</c>): the layers do not run in
    /// registers, and a layer's one-row kernel body can be inlined (<see cref="InlinesOneRowKernel"/>).
    /// </summary>
    public static bool PredictsThroughOneRowKernels(NetworkPlan plan) =>
        !PredictsInRegisters(plan) && plan.Layers.Any(InlinesOneRowKernel);

    /// <summary>
    /// Whether <c>ForwardOneRow</c>, a body generic over the vector width, inlines a layer's one-row kernel: its forward
    /// pass is the kernel alone (<see cref="ForwardIsTheKernelAlone"/>) and its rows are Vector512's (<see cref="WidestFor(DenseSpec)"/>),
    /// the stride a whole number of every width's vectors. A narrower layer (8 units or fewer) calls its method, which
    /// runs on its own vectors. <c>DenseKernels.LinearOneRow</c> keeps up to 8 vectors in registers, wider layers call
    /// the batch kernel.
    /// </summary>
    public static bool InlinesOneRowKernel(DensePlan layer) =>
        WidestFor(layer.Layer) == SimdWidth.Vector512 && ForwardIsTheKernelAlone(layer, SimdWidth.Vector512);

    /// <summary>Whether the runtime's forward kernel applies the layer's activation itself: elementwise in its columns, no parameters read.</summary>
    public static bool AppliesActivationInKernel(DensePlan layer) =>
        !layer.HasActivationParameters && layer.Layer.ActivationInfo.Shape != ActivationShape.Maxout;

    /// <summary>
    /// Whether a layer keeps z beside y. A hidden layer whose elementwise activation has no parameters and a derivative of
    /// y alone (<see cref="ActivationInfo.DerivativeOfY"/>: Sigmoid, Tanh, ReLU) has no reader of z: the plan gives z
    /// y's place, and the kernels, seeing the two at one place, store y only (digits' 32-row forward 5% faster: a 4-row × 4-vector block's 16 stores of z
    /// cost that much of its 1 024 FMAs). The output layer keeps z for the loss. An Identity layer's z is its y, in any
    /// place: stored once (the logits of iris and digits were stored twice).
    /// </summary>
    public static bool StoresZ(DenseSpec layer, bool isOutput) =>
        layer.Activation != Activation.Identity && (isOutput || layer.ActivationParameterCount > 0 || layer.ActivationInfo.IsStochastic
        || layer.ActivationInfo.Shape != ActivationShape.Elementwise || !layer.ActivationInfo.DerivativeOfY);

    /// <summary>
    /// Whether a layer's input gradient is stored as the layer below's dz, that layer's derivative taken as the kernel
    /// stores each vector (<c>StoreDerivative</c>), instead of as its dy followed by a pass of its own over the delta
    /// (iris, batch 16: two such passes cost 55 ns of a 650 ns step): when that derivative is the kernel kind
    /// (<see cref="DerivativeInKernel"/>) and the input gradient is stored by register rows (a layer stored by unit, or
    /// the transposed weights' forward product).
    /// </summary>
    public static bool TakesDerivativeBelow(NetworkPlan plan, DensePlan layer) =>
        layer.SendsInputGradient && DerivativeInKernel(plan.Layers[layer.Index - 1])
        && (layer.Layer.StoredByUnit || layer.TransposesForInputGradient);

    /// <summary>Whether the layer above stores this layer's dz (<see cref="TakesDerivativeBelow"/>): its backward has no derivative pass.</summary>
    public static bool DerivativeTakenAbove(NetworkPlan plan, DensePlan layer) =>
        layer.Index + 1 < plan.Layers.Count && TakesDerivativeBelow(plan, plan.Layers[layer.Index + 1]);

    /// <summary>
    /// Whether the runtime's ActivationGradient applies the layer's derivative: backward chains an elementwise activation
    /// that reads neither parameters nor RRelu's drawn slopes.
    /// </summary>
    public static bool DerivativeInKernel(DensePlan layer) =>
        AppliesActivationInKernel(layer) && layer.RunsBackward && layer.ChainsActivation && !layer.HasNoise
        && layer.Layer.ActivationInfo.Shape == ActivationShape.Elementwise && layer.Layer.ActivationInfo.Backward is not null;

    /// <summary>
    /// Whether a layer's bias, weight and input gradients come from one kernel, one pass over its rows
    /// (<c>UnitRowKernels.Backward</c>): a layer stored by unit that learns and sends its input gradient. Each row's dz
    /// is broadcast once for both sums, and two calls go (docs/design.md, "A narrow output layer is stored by unit").
    /// </summary>
    public static bool BackwardInOnePass(DensePlan layer) =>
        layer.Layer.StoredByUnit && layer.Trainable && layer.SendsInputGradient;

    /// <summary>
    /// Whether a layer's forward method is one generic body for every width that calls the runtime's kernels: nothing in
    /// it is spelled per width (the activation is applied by the kernel, or by a row pass in plain floats).
    /// </summary>
    public static bool ForwardIsGeneric(DensePlan layer) =>
        AppliesActivationInKernel(layer) || layer.Layer.ActivationInfo.Shape == ActivationShape.Maxout;

    /// <summary>The same for backward: the derivative is the kernel's, a row pass in plain floats (CRelu, Maxout), or none.</summary>
    public static bool BackwardIsGeneric(DensePlan layer) =>
        !layer.ChainsActivation || DerivativeInKernel(layer)
        || layer.Layer.ActivationInfo.Shape is ActivationShape.Concatenated or ActivationShape.Maxout;

    /// <summary>
    /// Columns a width's kernels compute. A layer whose widest path is Vector512 computes whole weight rows (the stride,
    /// padded to 16 floats) on every vector path, as Vector512 does: the padding columns hold zero weights and zero
    /// gradients either way, and on Vector256 and Vector128 the columns are then a whole number of column blocks
    /// (2 vectors), with no narrower last block to print. Narrower layers round their units up to the width (a
    /// 3-unit layer computes 4 columns on Vector128, not 16); the scalar path computes the units only.
    /// </summary>
    public static int Columns(DensePlan layer, SimdWidth width) =>
        !width.IsScalar && !layer.Layer.StoredByUnit && WidestFor(layer.Layer) == SimdWidth.Vector512
            ? layer.Stride
            : (layer.Layer.LinearUnits + width.Width - 1) / width.Width * width.Width;

    /// <summary>
    /// Whether a layer's kernels are small enough to inline into their caller: batches below a row block
    /// (no blocked loops) and at most 256 weights padded (xor-sized). Measured on xor: the calls between
    /// layers were a large part of a 20 ns prediction.
    /// </summary>
    public static bool Inlines(DenseSpec layer, int batchSize) =>
        batchSize < Rows(SimdWidth.Vector512) && layer.Inputs * NetworkPlan.PadToVector(layer.LinearUnits) <= 256;

    /// <summary>
    /// Whether the layer above transposes this layer's weights for its input gradient, at the start of its own backward
    /// (DenseKernels.TransposeForInputGradient): the transposition reads only weights, so it overlaps the layer above's
    /// kernels instead of delaying this layer's. Only where both layers run on the same vectors (the same widest width).
    /// </summary>
    public static bool TransposedAbove(NetworkPlan plan, DensePlan layer) =>
        layer.TransposesForInputGradient && layer.Index + 1 < plan.Layers.Count
        && WidestFor(plan.Layers[layer.Index + 1].Layer) == WidestFor(layer.Layer);

    /// <summary>
    /// The widest vector a layer's kernels use: the narrowest that holds all its units in one vector (Vector128 for
    /// up to 4, Vector256 for up to 8), else Vector512. A wider one would only add padding lanes: the same
    /// instructions, but 512-bit ones take two passes through Zen 4's units, and xor's tanh and sigmoid are on the
    /// critical path of a prediction.
    /// </summary>
    public static SimdWidth WidestFor(DenseSpec layer)
    {
        // A layer stored by unit loads rows of inputs.
        int lanes = layer.StoredByUnit ? layer.Inputs : System.Math.Max(layer.LinearUnits, layer.OutputWidth);
        return lanes <= SimdWidth.Vector128.Width ? SimdWidth.Vector128
            : lanes <= SimdWidth.Vector256.Width ? SimdWidth.Vector256
            : SimdWidth.Vector512;
    }

    /// <summary>
    /// Partial sums per accumulator in the one-row forward kernel: with one or two accumulators, each FMA would
    /// wait out the previous one's latency (4 cycles), so a prediction through iris's 16 → 3 layer was a chain
    /// of 16. Split into up to 4 interleaved chains of at least 2 inputs each (unrolled inputs only).
    /// </summary>
    public static int Chains(int vectors, int inputs, bool unrolled) =>
        !unrolled ? 1 : System.Math.Max(1, System.Math.Min(4 / vectors, inputs / 2));

    /// <summary>Whether a layer's forward pass takes row blocks: elementwise activations (row-wise ones keep the row loop).</summary>
    public static bool BlocksRows(DenseSpec layer) => layer.ActivationInfo.Shape == ActivationShape.Elementwise;

    /// <summary>
    /// Whether one-sample prediction keeps every layer's outputs in registers and feeds them to the next layer lane
    /// by lane, instead of storing z and y and loading them back: every layer elementwise, at most 16 units (one
    /// Vector512, four Vector128), no random slopes. Measured: xor's dependent prediction 38 → 35.5 ns, iris's
    /// prediction 19.6 → 13.5 ns; wider layers stream their weights from cache and have little to gain.
    /// </summary>
    public static bool PredictsInRegisters(NetworkPlan plan) =>
        plan.Layers.All(layer => BlocksRows(layer.Layer) && !layer.HasNoise && layer.Layer.LinearUnits <= NetworkPlan.Padding);

    /// <summary>
    /// Whether PredictBatch takes whole blocks of a vector's lanes with the rows in the lanes (NetGen.Runtime.LaneKernels):
    /// every layer elementwise, its activation applied by the kernel, no training mode, and every layer's inputs and units
    /// at most <see cref="LanesUnitsLimit"/>. Row by row a narrow layer computes a whole vector of padding (iris's 3
    /// logits: 48 of 256 multiply-adds useful) or transposes its inputs; in lanes each multiply-add has a row in every
    /// lane, and only the network's inputs and outputs are transposed. Measured on iris's 16 rows: 135 → 85 ns.
    /// </summary>
    public static bool PredictsInLanes(NetworkPlan plan) =>
        !plan.HasTrainingMode && plan.Layers.All(layer => layer.Layer.ActivationInfo.Shape == ActivationShape.Elementwise
            && AppliesActivationInKernel(layer) && !layer.HasNoise
            && layer.Layer.LinearUnits <= LanesUnitsLimit && layer.Layer.Inputs <= LanesUnitsLimit);

    /// <summary>
    /// Whether PredictBatch takes the lanes pass (<see cref="PredictsInLanes"/>) on <paramref name="width"/>: always on
    /// Vector512, whose multiply-adds take the broadcast weight as an operand; on narrower widths, which broadcast the
    /// weight in an instruction of its own each multiply-add (the rows' kernels one each two or four), only where a layer
    /// kept by rows would pad its units, the lanes' gain. Iris's 16 rows on AMD Zen 1 (AVX2): lanes 592 ns, rows 502 + 15
    /// for the outputs' copy; on Vector128 721-879 against 627-636.
    /// </summary>
    public static bool PredictsInLanesOn(NetworkPlan plan, SimdWidth width) =>
        PredictsInLanes(plan) && (width == SimdWidth.Vector512
            || plan.Layers.Any(layer => !layer.Layer.StoredByUnit && layer.Layer.LinearUnits % width.Width != 0));

    /// <summary>
    /// The widest layer that predicts in lanes: the inputs' transposition, and each layer's inputs loaded once per block
    /// of 16 units, cost more than the padding saves in wider ones (digits, 64 → 64 → 32 → 10, with a limit of 64: its
    /// 32-row forward pass against the fast reference 1.05 → 1.20).
    /// </summary>
    public const int LanesUnitsLimit = 16;

    /// <summary>Floats of the lanes pass's buffer (<see cref="PredictsInLanes"/>): two layers' activations, <c>[units][16 lanes]</c> each.</summary>
    public static int LanesStorage(NetworkPlan plan) =>
        PredictsInLanes(plan) ? 2 * plan.Layers.Max(layer => System.Math.Max(layer.Layer.Inputs, layer.Layer.LinearUnits)) * SimdWidth.Vector512.Width : 0;

    /// <summary>
    /// The narrowest width with a one-row method in registers (<see cref="PredictsInRegisters"/>): every layer's units in
    /// at most <paramref name="vectors"/> of its vectors. Prediction keeps a layer's outputs and the next layer's sums live,
    /// 4 vectors a layer (iris's 16 units: Vector128 and up, the width of Native AOT's default and of Arm); training keeps
    /// x, z, y and dz of every layer for the backward pass, 2 (iris: Vector256 and up; xor's 4 units: Vector128). Narrower,
    /// the layers would be written out past the register file (iris's training method was 103 KB of source on Vector128,
    /// 326 KB on scalars): there a one-row call takes the batch kernels, the scalar path's compact loops among them.
    /// </summary>
    public static SimdWidth NarrowestInRegisters(NetworkPlan plan, int vectors)
    {
        int lanes = plan.Layers.Max(layer => System.Math.Max(layer.Layer.LinearUnits, layer.Layer.OutputWidth));
        var narrowest = lanes <= vectors * SimdWidth.Vector128.Width ? SimdWidth.Vector128
            : lanes <= vectors * SimdWidth.Vector256.Width ? SimdWidth.Vector256
            : SimdWidth.Vector512;
        // Never past the widest width printed (WidestFor): the dispatcher would have no width to call.
        var widest = WidestFor(plan);
        return narrowest.Width > widest.Width ? widest : narrowest;
    }

    /// <summary>The narrowest width of one-row prediction in registers (<see cref="NarrowestInRegisters"/>).</summary>
    public static SimdWidth NarrowestPredictingInRegisters(NetworkPlan plan) => NarrowestInRegisters(plan, 4);

    /// <summary>The narrowest width of the one-row training pass in registers (<see cref="NarrowestInRegisters"/>).</summary>
    public static SimdWidth NarrowestTrainingInRegisters(NetworkPlan plan) => NarrowestInRegisters(plan, 2);

    /// <summary>
    /// Whether the one-row pass's fused Adam step (<see cref="StepPlan.StepsInRegisters"/>) on <paramref name="width"/>
    /// steps its gradients from the buffer after the backward, a loop a tensor (<c>AdamRegisterStep.StepStored</c>),
    /// rather than an update per gradient register as it is made: past <see cref="RegisterUpdatesLimit"/> vectors the
    /// method runs out of the JIT's inlining budget, and each update left a call spills every live vector register
    /// (iris on Vector256: 51 updates, 20 of them calls, 251 stack loads and stores; one-row training 1.49× the fast
    /// reference on a Zen 1 host).
    /// </summary>
    public static bool StepsStoredGradients(NetworkPlan plan, SimdWidth width) =>
        !width.IsScalar && plan.TrainableParameterCount > RegisterUpdatesLimit * width.Width;

    /// <summary>Gradient vectors up to which the one-row pass updates them in registers (iris on Vector512: 26).</summary>
    public const int RegisterUpdatesLimit = 32;

    /// <summary>
    /// Whether a layer in registers (one-sample prediction and training) computes its one unit as a dot product: the
    /// previous layer's registers times the weight column, summed across lanes (LaneSums.SumInEveryLane). Lane by
    /// lane it would shuffle and multiply-add once per input for a single useful lane. Backward, the same column
    /// times dz is the layer below's dy, and x·dz holds the weight gradients. Layer 0 reads its inputs from memory,
    /// so it keeps the broadcast form.
    /// </summary>
    public static bool ComputesAsDotProduct(DensePlan layer) =>
        layer.Index > 0 && !layer.Layer.StoredByUnit && layer.Layer.LinearUnits == 1 && layer.Layer.OutputWidth == 1 && layer.UnrollInputs;

    /// <summary>
    /// Whether a training batch of one row runs as one method with every layer's z, y and dz in registers
    /// (<c>GradientsOfOneRow</c>): prediction already runs in registers, no layer learns activation parameters (their
    /// gradients are summed over rows in the buffer). Frozen layers store no gradients and backward stops below the
    /// lowest trainable one, as in the batch kernels. With a batch size above 1 it is the path of a one-row call
    /// (<c>TrainStep</c>, online learning), the batch kernels the others'.
    /// </summary>
    public static bool TrainsInRegisters(NetworkPlan plan) =>
        PredictsInRegisters(plan) && plan.Layers.All(layer => !layer.HasActivationParameters);

    /// <summary>
    /// Whether the lowest layer's backward can take Adam's step between the rows of its weight gradient
    /// (<see cref="StepPlan.StepsInBackward"/>): a trainable dense layer whose weight gradient runs the runtime's 4 × 4
    /// register blocks on Vector512 (at least 4 inputs, at least four Vector512s of columns, stored transposed), whose
    /// derivative is none, taken by the layer above, or the runtime's pass (<see cref="DerivativeInKernel"/>), and with no
    /// activation parameters.
    /// </summary>
    public static bool HostsStepInBackward(NetworkPlan plan, DensePlan layer) =>
        layer.Trainable && layer.RunsBackward && !layer.HasActivationParameters && !layer.Layer.StoredByUnit
        && (!layer.ChainsActivation || DerivativeTakenAbove(plan, layer) || DerivativeInKernel(layer))
        && WidestFor(layer.Layer) == SimdWidth.Vector512
        && layer.Layer.Inputs >= 4 && Columns(layer, SimdWidth.Vector512) >= 4 * SimdWidth.Vector512.Width;

    /// <summary>The widest vector any layer uses (<see cref="WidestFor"/>).</summary>
    public static SimdWidth WidestFor(NetworkPlan plan) =>
        plan.Layers.Select(layer => WidestFor(layer.Layer)).OrderByDescending(width => width.Width).First();
}
