using System;

namespace NetGen.Numerics.Tests.Support;

/// <summary>A network's parameters and gradients as arrays, and floats as bits: what tests compare (one copy of each helper).</summary>
internal static class NetworkState
{
    /// <summary>The parameters in state_dict order (<see cref="IPredictor.CopyParametersTo"/>).</summary>
    public static float[] Parameters(IPredictor network)
    {
        var values = new float[network.ParameterCount];
        network.CopyParametersTo(values);
        return values;
    }

    /// <summary>The gradient buffer in state_dict order (<see cref="INetwork.CopyGradientsTo"/>).</summary>
    public static float[] Gradients(INetwork network)
    {
        var values = new float[network.ParameterCount];
        network.CopyGradientsTo(values);
        return values;
    }

    /// <summary>Each float's bits: equal arrays are equal bit for bit (NaN payloads and the sign of zero included).</summary>
    public static int Bits(float value) => BitConverter.SingleToInt32Bits(value);

    /// <summary>Each float's bits, as <see cref="Bits(float)"/>.</summary>
    public static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);

    /// <summary>Turns DetectConcurrentUse on: the network takes the ordinary training path, a fused path's twin.</summary>
    public static void SetDetectConcurrentUse(INetwork network) =>
        network.GetType().GetProperty("DetectConcurrentUse")!.SetValue(network, true);
}
