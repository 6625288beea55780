using System;
using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Element-wise training kernels over a model's flat parameter, gradient and state buffers
/// (torch.optim and torch.nn.utils semantics). Every length is a multiple of 16 floats: the
/// generated layouts pad each layer to a whole Vector512, so there are never tails, and padding
/// holds zero gradients, which every kernel below leaves at zero.
/// Each kernel runs the widest accelerated width: Vector512, 256, 128, else scalar.
/// </summary>
public static class OptimizerKernels
{
    /// <summary>Padding granularity of every buffer these kernels take, in floats.</summary>
    public const int LengthMultiple = 16;

    /// <summary>torch.nn.utils.clip_grad_norm_: scales <paramref name="gradients"/> by <c>maxNorm / (‖g‖ + 1e-6)</c> when that is below 1. Returns ‖g‖ before clipping.</summary>
    public static float ClipByNorm(ref float gradients, int length, float maxNorm)
    {
        float norm = MathF.Sqrt(SumOfSquares(ref gradients, length));
        float coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
            Scale(ref gradients, length, coefficient);
        return norm;
    }

    /// <summary>torch.nn.utils.clip_grad_value_: clamps every gradient to <c>[-maxValue, maxValue]</c>.</summary>
    public static void ClipByValue(ref float gradients, int length, float maxValue)
    {
        if (Vector512.IsHardwareAccelerated) ClipByValue<Simd512>(ref gradients, length, maxValue);
        else if (Vector256.IsHardwareAccelerated) ClipByValue<Simd256>(ref gradients, length, maxValue);
        else if (Vector128.IsHardwareAccelerated) ClipByValue<Simd128>(ref gradients, length, maxValue);
        else ClipByValue<SimdScalar>(ref gradients, length, maxValue);
    }

    /// <summary>Σ g².</summary>
    public static float SumOfSquares(ref float values, int length)
    {
        if (Vector512.IsHardwareAccelerated) return SumOfSquares<Simd512>(ref values, length);
        if (Vector256.IsHardwareAccelerated) return SumOfSquares<Simd256>(ref values, length);
        if (Vector128.IsHardwareAccelerated) return SumOfSquares<Simd128>(ref values, length);
        return SumOfSquares<SimdScalar>(ref values, length);
    }

    /// <summary>g *= factor.</summary>
    public static void Scale(ref float values, int length, float factor)
    {
        if (Vector512.IsHardwareAccelerated) Scale<Simd512>(ref values, length, factor);
        else if (Vector256.IsHardwareAccelerated) Scale<Simd256>(ref values, length, factor);
        else if (Vector128.IsHardwareAccelerated) Scale<Simd128>(ref values, length, factor);
        else Scale<SimdScalar>(ref values, length, factor);
    }

    /// <summary>torch.optim.SGD without momentum: <c>p -= lr · (g + wd · p)</c>.</summary>
    public static void Sgd(ref float parameters, ref float gradients, int length, float learningRate, float weightDecay)
    {
        if (Vector512.IsHardwareAccelerated) Sgd<Simd512>(ref parameters, ref gradients, length, learningRate, weightDecay);
        else if (Vector256.IsHardwareAccelerated) Sgd<Simd256>(ref parameters, ref gradients, length, learningRate, weightDecay);
        else if (Vector128.IsHardwareAccelerated) Sgd<Simd128>(ref parameters, ref gradients, length, learningRate, weightDecay);
        else Sgd<SimdScalar>(ref parameters, ref gradients, length, learningRate, weightDecay);
    }

    /// <summary>torch.optim.SGD with momentum μ, dampening 0: <c>v = μ v + (g + wd · p); p -= lr · v</c>.</summary>
    public static void SgdMomentum(ref float parameters, ref float gradients, ref float velocity, int length, float learningRate, float momentum, float weightDecay)
    {
        if (Vector512.IsHardwareAccelerated) SgdMomentum<Simd512>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, weightDecay);
        else if (Vector256.IsHardwareAccelerated) SgdMomentum<Simd256>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, weightDecay);
        else if (Vector128.IsHardwareAccelerated) SgdMomentum<Simd128>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, weightDecay);
        else SgdMomentum<SimdScalar>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, weightDecay);
    }

    /// <summary>
    /// torch.optim.Adam step number <paramref name="step"/> (1-based). The bias corrections are
    /// computed in double from the double-precision betas, as PyTorch does; the update in float32:
    /// <c>p -= (lr / (1 - β1^t)) · m / (sqrt(v) / sqrt(1 - β2^t) + ε)</c>.
    /// </summary>
    public static void Adam(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int length,
        float learningRate, double beta1, double beta2, float epsilon, float weightDecay, long step)
    {
        var constants = new AdamConstants(learningRate, beta1, beta2, epsilon, weightDecay, step);
        if (Vector512.IsHardwareAccelerated) Adam<Simd512>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
        else if (Vector256.IsHardwareAccelerated) Adam<Simd256>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
        else if (Vector128.IsHardwareAccelerated) Adam<Simd128>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
        else Adam<SimdScalar>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
    }

    private readonly struct AdamConstants(float learningRate, double beta1, double beta2, float epsilon, float weightDecay, long step)
    {
        public readonly float Beta1 = (float)beta1;
        public readonly float Beta2 = (float)beta2;
        public readonly float StepSize = (float)(learningRate / (1 - Math.Pow(beta1, step)));
        public readonly float SecondMomentCorrection = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        public readonly float Epsilon = epsilon;
        public readonly float WeightDecay = weightDecay;
    }

    private static float SumOfSquares<T>(ref float values, int length) where T : struct, ISimdLane<T>
    {
        Debug.Assert(length % LengthMultiple == 0);
        T sum = T.Create(0f);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T g = T.Load(ref values, i);
            sum = T.MultiplyAdd(g, g, sum);
        }
        return T.Sum(sum);
    }

    private static void Scale<T>(ref float values, int length, float factor) where T : struct, ISimdLane<T>
    {
        T f = T.Create(factor);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
            T.Store(T.Load(ref values, i) * f, ref values, i);
    }

    private static void ClipByValue<T>(ref float values, int length, float maxValue) where T : struct, ISimdLane<T>
    {
        T high = T.Create(maxValue), low = T.Create(-maxValue);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
            T.Store(T.Min(T.Max(T.Load(ref values, i), low), high), ref values, i);
    }

    private static void Sgd<T>(ref float parameters, ref float gradients, int length, float learningRate, float weightDecay) where T : struct, ISimdLane<T>
    {
        T lr = T.Create(learningRate), wd = T.Create(weightDecay);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T p = T.Load(ref parameters, i);
            T g = T.MultiplyAdd(wd, p, T.Load(ref gradients, i));
            T.Store(p - lr * g, ref parameters, i);
        }
    }

    private static void SgdMomentum<T>(ref float parameters, ref float gradients, ref float velocity, int length, float learningRate, float momentum, float weightDecay) where T : struct, ISimdLane<T>
    {
        T lr = T.Create(learningRate), mu = T.Create(momentum), wd = T.Create(weightDecay);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T p = T.Load(ref parameters, i);
            T g = T.MultiplyAdd(wd, p, T.Load(ref gradients, i));
            T v = T.MultiplyAdd(mu, T.Load(ref velocity, i), g);
            T.Store(v, ref velocity, i);
            T.Store(p - lr * v, ref parameters, i);
        }
    }

    private static void Adam<T>(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int length, in AdamConstants c) where T : struct, ISimdLane<T>
    {
        T b1 = T.Create(c.Beta1), oneMinusB1 = T.Create(1f - c.Beta1);
        T b2 = T.Create(c.Beta2), oneMinusB2 = T.Create(1f - c.Beta2);
        T stepSize = T.Create(c.StepSize), correction2 = T.Create(c.SecondMomentCorrection);
        T eps = T.Create(c.Epsilon), wd = T.Create(c.WeightDecay);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T p = T.Load(ref parameters, i);
            T g = T.MultiplyAdd(wd, p, T.Load(ref gradients, i));
            T m = T.Load(ref firstMoment, i) * b1 + g * oneMinusB1;
            T v = T.Load(ref secondMoment, i) * b2 + g * g * oneMinusB2;
            T.Store(m, ref firstMoment, i);
            T.Store(v, ref secondMoment, i);
            T.Store(p - stepSize * m / (T.Sqrt(v) / correction2 + eps), ref parameters, i);
        }
    }
}
