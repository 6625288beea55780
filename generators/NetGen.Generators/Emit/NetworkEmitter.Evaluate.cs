using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitEvaluate()
    {
        var output = _plan.OutputLayer;
        _w.Lines($$"""
            /// <summary>
            /// Loss, accuracy and 0-1 error over any number of rows (<paramref name="inputs"/> [rows][{{_spec.InputSize}}],
            /// <paramref name="targets"/> [rows][{{_spec.OutputSize}}]), predicting as <see cref="Predict"/> does, {{_spec.Training.BatchSize}} rows at a time. Changes nothing.
            /// {{AccuracyText()}}
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same whole rows.</exception>
            public global::NetGen.Evaluation Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                int rows = ThrowHelper.DataSetRowsOf(inputs.Length, targets.Length, InputSize, OutputSize);
                return EvaluateRows(inputs, targets, default, rows);
            }

            """);
        bool regression = _plan.Classification == ClassificationKind.None;
        _w.Line("/// <summary>Evaluates target rows, or class labels when <paramref name=\"targets\"/> is empty.</summary>");
        using (_w.Block("private global::NetGen.Evaluation EvaluateRows(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int rows)"))
        {
            _w.Line("double weightedLoss = 0, denominator = 0;");
            _w.Line(regression ? "double squared = 0, absolute = 0; // Σ(y - t)² and Σ|y - t| over every output" : "int correct = 0;");
            using (_w.Block("for (int start = 0; start < rows; start += BatchSize)"))
            {
                _w.Line("int count = Math.Min(BatchSize, rows - start);");
                _w.Line(TargetsOfChunk());
                _w.Line($"Forward(ref MemoryMarshal.GetReference(inputs.Slice(start * InputSize)), count{PredictMode});");
                _w.Line("float share = LossDenominator(ref t, count);");
                _w.Line("weightedLoss += (double)LossOfRows(ref t, count, withGradient: false) * share;");
                _w.Line("denominator += share;");
                _w.Line($"ref float y = ref Unsafe.Add(ref _activations.Start, {output.Name}Y);");
                if (regression)
                    EmitRegressionSums(output);
                else
                {
                    _w.Line("for (int r = 0; r < count; r++)");
                    _w.Line($"    if (IsCorrect(ref Unsafe.Add(ref y, r * {output.RowStrideName}), ref Unsafe.Add(ref t, r * OutputSize))) correct++;");
                }
            }
            string loss = "(float)(weightedLoss / denominator)";
            if (!regression)
            {
                _w.Line("float accuracy = correct / (float)rows;");
                _w.Line($"return new global::NetGen.Evaluation({loss}, accuracy, 1f - accuracy, rows);");
            }
            else
            {
                _w.Line("// A regression network has no accuracy; its errors, and R² against the spread of each target column about its mean.");
                _w.Line("double values = (double)rows * OutputSize;");
                _w.Lines($$"""
                    return new global::NetGen.Evaluation({{loss}}, float.NaN, float.NaN, rows)
                    {
                        MeanSquaredError = (float)(squared / values),
                        RootMeanSquaredError = (float)Math.Sqrt(squared / values),
                        MeanAbsoluteError = (float)(absolute / values),
                        RSquared = global::NetGen.Runtime.RegressionMetrics.RSquared(squared, targets, OutputSize),
                    };
                    """);
            }
        }
        _w.Line();
    }

    /// <summary>A regression network's error sums over one chunk of rows.</summary>
    private void EmitRegressionSums(DensePlan output)
    {
        using (_w.Block("for (int r = 0; r < count; r++)"))
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line($"double error = (double)Unsafe.Add(ref y, r * {output.RowStrideName} + o) - Unsafe.Add(ref t, r * OutputSize + o);");
            _w.Line("squared += error * error;");
            _w.Line("absolute += Math.Abs(error);");
        }
    }

    private string TargetsOfChunk() => HasLabels
        ? "ref float t = ref (targets.IsEmpty ? ref OneHot(labels.Slice(start, count)) : ref MemoryMarshal.GetReference(targets.Slice(start * OutputSize)));"
        : "ref float t = ref MemoryMarshal.GetReference(targets.Slice(start * OutputSize));";

    private string AccuracyText() => _plan.Classification switch
    {
        ClassificationKind.Argmax => "A row is correct when its largest output is its target's largest.",
        ClassificationKind.ThresholdProbability => "A row is correct when every output is on its target's side of 0.5.",
        ClassificationKind.ThresholdLogit => "A row is correct when every output (a logit) is on its target's side of 0, that is its probability on the target's side of 0.5.",
        _ => "Accuracy and 0-1 error are NaN: this is a regression network; the result holds its mean squared and absolute errors and R² instead.",
    };

    private void EmitIsCorrect()
    {
        _w.Line("/// <summary>Whether one row's prediction is right (see <see cref=\"Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float})\"/>).</summary>");
        using (_w.Block("private static bool IsCorrect(ref float y, ref float t)"))
        {
            switch (_plan.Classification)
            {
                case ClassificationKind.Argmax:
                    _w.Line("int predicted = 0, expected = 0;");
                    using (_w.Block("for (int o = 1; o < OutputSize; o++)"))
                    {
                        _w.Line("if (Unsafe.Add(ref y, o) > Unsafe.Add(ref y, predicted)) predicted = o;");
                        _w.Line("if (Unsafe.Add(ref t, o) > Unsafe.Add(ref t, expected)) expected = o;");
                    }
                    _w.Line("return predicted == expected;");
                    break;
                case ClassificationKind.ThresholdProbability or ClassificationKind.ThresholdLogit:
                    string threshold = _plan.Classification == ClassificationKind.ThresholdLogit ? "0f" : "0.5f";
                    _w.Line("for (int o = 0; o < OutputSize; o++)");
                    _w.Line($"    if (Unsafe.Add(ref y, o) > {threshold} != Unsafe.Add(ref t, o) > 0.5f) return false;");
                    _w.Line("return true;");
                    break;
            }
        }
        _w.Line();
    }
}
