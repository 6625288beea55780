using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitEvaluate()
    {
        var output = _plan.OutputLayer;
        string accuracy = _plan.Classification == ClassificationKind.None
            ? "float.NaN; // a regression network has no accuracy"
            : "correct / (float)rows;";
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

            /// <summary>Evaluates target rows, or class labels when <paramref name="targets"/> is empty.</summary>
            private global::NetGen.Evaluation EvaluateRows(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int rows)
            {
                double weightedLoss = 0, denominator = 0;
                int correct = 0;
                for (int start = 0; start < rows; start += BatchSize)
                {
                    int count = Math.Min(BatchSize, rows - start);
                    {{TargetsOfChunk()}}
                    Forward(ref MemoryMarshal.GetReference(inputs.Slice(start * InputSize)), count{{PredictMode}});
                    float share = LossDenominator(ref t, count);
                    weightedLoss += (double)LossOfRows(ref t, count, withGradient: false) * share;
                    denominator += share;
                    ref float y = ref Unsafe.Add(ref _activations.Start, {{output.Name}}Y);
                    for (int r = 0; r < count; r++)
                        if (IsCorrect(ref Unsafe.Add(ref y, r * {{output.RowStrideName}}), ref Unsafe.Add(ref t, r * OutputSize))) correct++;
                }
                float accuracy = {{accuracy}}
                return new global::NetGen.Evaluation((float)(weightedLoss / denominator), accuracy, 1f - accuracy, rows);
            }

            """);
    }

    private string TargetsOfChunk() => HasLabels
        ? "ref float t = ref (targets.IsEmpty ? ref OneHot(labels.Slice(start, count)) : ref MemoryMarshal.GetReference(targets.Slice(start * OutputSize)));"
        : "ref float t = ref MemoryMarshal.GetReference(targets.Slice(start * OutputSize));";

    private string AccuracyText() => _plan.Classification switch
    {
        ClassificationKind.Argmax => "A row is correct when its largest output is its target's largest.",
        ClassificationKind.ThresholdProbability => "A row is correct when every output is on its target's side of 0.5.",
        ClassificationKind.ThresholdLogit => "A row is correct when every output (a logit) is on its target's side of 0, that is its probability on the target's side of 0.5.",
        _ => "Accuracy and 0-1 error are NaN: this is a regression network.",
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
                default:
                    _w.Line("return false; // regression: never counted");
                    break;
            }
        }
        _w.Line();
    }
}
