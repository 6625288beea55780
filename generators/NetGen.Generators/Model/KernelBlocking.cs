namespace NetGen.Generators.Model;

/// <summary>
/// Register blocking of the batch kernels: how many rows (or inputs) and how many output vectors one
/// block keeps in accumulator registers, per SIMD width. Each weight vector loaded is used once per
/// row of the block, so the kernels do several FMAs per load instead of one.
/// Vector512 has 32 registers: 4×4 accumulators + 4 weights + 1 broadcast. Vector256 and Vector128
/// may have only 16 (AVX2, or Native AOT's x86-64-v2): 4×2 + 2 + 1.
/// </summary>
internal static class KernelBlocking
{
    /// <summary>Rows of the batch per forward block (inputs per weight-gradient block).</summary>
    public static int Rows(SimdWidth width) => width.IsScalar ? 1 : 4;

    /// <summary>Output vectors per block.</summary>
    public static int Vectors(SimdWidth width) => width.Width switch { 16 => 4, 1 => 1, _ => 2 };

    /// <summary>Input-gradient dot-product blocks: rows × inputs, each a vector accumulator summed at the end.</summary>
    public static (int Rows, int Inputs) DotBlock(SimdWidth width) => width.Width switch { 16 => (4, 4), 1 => (1, 1), _ => (2, 4) };

    /// <summary>
    /// Whether a layer's kernels are small enough to inline into their caller: batches below a row block
    /// (no blocked loops) and at most 256 weights padded (xor-sized). Measured on xor: the calls between
    /// layers were a large part of a 20 ns prediction.
    /// </summary>
    public static bool Inlines(LayerSpec layer, int batchSize) =>
        batchSize < Rows(SimdWidth.Vector512) && layer.Inputs * NetworkPlan.PadToVector(layer.LinearUnits) <= 256;

    /// <summary>Whether a layer's forward pass takes row blocks: elementwise activations (row-wise ones keep the row loop).</summary>
    public static bool BlocksRows(LayerSpec layer) => layer.ActivationInfo.Shape == ActivationShape.Elementwise;
}
