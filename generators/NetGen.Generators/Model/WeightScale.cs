using System;

namespace NetGen.Generators.Model;

/// <summary>
/// How widely each initializer spreads a layer's weights. The emitter multiplies by
/// <see cref="DrawScale"/>; the analyzers compare <see cref="Moments"/> with <see cref="Recommended"/>.
/// Fans as torch.nn.init: fan_in = inputs, fan_out = linear units.
/// </summary>
internal static class WeightScale
{
    /// <summary>
    /// The number an initializer's unit draw is multiplied by: Xavier uniform bound
    /// <c>sqrt(6 / (fan_in + fan_out))</c>, He uniform bound <c>sqrt(6 / fan_in)</c>; standard deviations
    /// Xavier normal <c>sqrt(2 / (fan_in + fan_out))</c>, He normal <c>sqrt(2 / fan_in)</c>, LeCun normal
    /// <c>sqrt(1 / fan_in)</c>. 0 for initializers with their own numbers.
    /// </summary>
    public static float DrawScale(Init init, int fanIn, int fanOut) => init switch
    {
        Init.XavierUniform => (float)Math.Sqrt(6.0 / (fanIn + fanOut)),
        Init.HeUniform => (float)Math.Sqrt(6.0 / fanIn),
        Init.XavierNormal => (float)Math.Sqrt(2.0 / (fanIn + fanOut)),
        Init.HeNormal => (float)Math.Sqrt(2.0 / fanIn),
        Init.LeCunNormal => (float)Math.Sqrt(1.0 / fanIn),
        _ => 0f,
    };

    /// <summary>The mean and standard deviation of the layer's initial weights.</summary>
    public static (double Mean, double Std) Moments(DenseSpec layer)
    {
        double scale = DrawScale(layer.Init, layer.Inputs, layer.LinearUnits);
        var range = layer.InitRange;
        return layer.Init switch
        {
            Init.Zero => (0, 0),
            Init.Constant => (layer.InitValue, 0),
            Init.XavierUniform or Init.HeUniform => (0, scale / Math.Sqrt(3)),
            Init.Uniform => ((range.Low + (double)range.High) / 2, (range.High - (double)range.Low) / Math.Sqrt(12)),
            Init.Normal => (range.Mean, range.Std),
            // A semi-orthogonal matrix has unit rows (or columns): entries of size 1/sqrt(the longer side).
            Init.Orthogonal => (0, 1 / Math.Sqrt(Math.Max(layer.Inputs, layer.LinearUnits))),
            _ => (0, scale),
        };
    }

    /// <summary>
    /// The standard deviation that keeps the signal's variance through the layer: He's for the
    /// ReLU family (half the units pass), LeCun's for Selu (self-normalizing), Xavier's otherwise.
    /// </summary>
    public static (Init Init, double Std) Recommended(DenseSpec layer)
    {
        var init = Activations.DefaultInit(layer.Activation);
        double scale = DrawScale(init, layer.Inputs, layer.LinearUnits);
        return (init, init is Init.XavierUniform or Init.HeUniform ? scale / Math.Sqrt(3) : scale);
    }
}
