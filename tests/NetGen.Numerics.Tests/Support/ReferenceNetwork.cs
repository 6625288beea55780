using System;

namespace NetGen.Numerics.Tests.Support;

/// <summary>
/// A plain double-precision MLP that reads canonical (PyTorch-order) parameters: the independent
/// definition of the function the generated code computes, used to take precise finite differences.
/// </summary>
internal sealed record ReferenceNetwork(int InputSize, (int Units, Activation Activation)[] Layers, Loss Loss)
{
    public double LossOf(ReadOnlySpan<double> theta, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int outputs = Layers[^1].Units;
        int rows = inputs.Length / InputSize;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            var (z, y) = Forward(theta, inputs.Slice(r * InputSize, InputSize));
            var t = targets.Slice(r * outputs, outputs);
            total += RowLoss(z, y, t);
        }
        return Loss == NetGen.Loss.CrossEntropy ? total / rows : total / (rows * outputs);
    }

    private double RowLoss(double[] z, double[] y, ReadOnlySpan<float> t)
    {
        switch (Loss)
        {
            case NetGen.Loss.MeanSquaredError:
            {
                double sum = 0;
                for (int o = 0; o < y.Length; o++) sum += (y[o] - t[o]) * (y[o] - t[o]);
                return sum;
            }
            case NetGen.Loss.BinaryCrossEntropy:
            {
                double sum = 0;
                for (int o = 0; o < y.Length; o++)
                    sum -= t[o] * Math.Max(Math.Log(y[o]), -100) + (1 - t[o]) * Math.Max(Math.Log(1 - y[o]), -100);
                return sum;
            }
            default:
            {
                var logits = Layers[^1].Activation == Activation.Softmax ? z : y;
                double max = double.NegativeInfinity, sum = 0, loss = 0;
                foreach (double l in logits) max = Math.Max(max, l);
                foreach (double l in logits) sum += Math.Exp(l - max);
                double lse = max + Math.Log(sum);
                for (int o = 0; o < logits.Length; o++) loss += t[o] * (lse - logits[o]);
                return loss;
            }
        }
    }

    /// <summary>The network's outputs for one input row.</summary>
    public double[] Outputs(ReadOnlySpan<double> theta, ReadOnlySpan<float> input) => Forward(theta, input).Y;

    private (double[] Z, double[] Y) Forward(ReadOnlySpan<double> theta, ReadOnlySpan<float> input)
    {
        var x = new double[input.Length];
        for (int i = 0; i < x.Length; i++) x[i] = input[i];
        double[] z = x;
        int k = 0;
        foreach (var (units, activation) in Layers)
        {
            z = new double[units];
            for (int o = 0; o < units; o++)
                for (int i = 0; i < x.Length; i++)
                    z[o] += theta[k + o * x.Length + i] * x[i];
            k += units * x.Length;
            for (int o = 0; o < units; o++) z[o] += theta[k + o];
            k += units;
            x = Activate(z, activation);
        }
        return (z, x);
    }

    private static double[] Activate(double[] z, Activation activation)
    {
        var y = new double[z.Length];
        if (activation == Activation.Softmax)
        {
            double max = double.NegativeInfinity, sum = 0;
            foreach (double v in z) max = Math.Max(max, v);
            for (int o = 0; o < z.Length; o++) sum += y[o] = Math.Exp(z[o] - max);
            for (int o = 0; o < z.Length; o++) y[o] /= sum;
            return y;
        }
        for (int o = 0; o < z.Length; o++)
        {
            y[o] = activation switch
            {
                Activation.Sigmoid => 1 / (1 + Math.Exp(-z[o])),
                Activation.Tanh => Math.Tanh(z[o]),
                Activation.Relu => Math.Max(z[o], 0),
                Activation.LeakyRelu => z[o] > 0 ? z[o] : 0.01 * z[o],
                _ => z[o],
            };
        }
        return y;
    }
}
