namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitApi()
    {
        var output = _plan.OutputLayer;
        _w.Lines($$"""
            int global::NetGen.INetwork.InputSize => InputSize;
            int global::NetGen.INetwork.OutputSize => OutputSize;
            int global::NetGen.INetwork.ParameterCount => ParameterCount;
            int global::NetGen.INetwork.BatchSize => BatchSize;

            /// <summary>Forward pass of one sample: <paramref name="input"/> holds {{_spec.InputSize}} features, <paramref name="output"/> receives {{_spec.OutputSize}} values.</summary>
            /// <exception cref="ArgumentException">A span has the wrong length.</exception>
            public void Predict(ReadOnlySpan<float> input, Span<float> output)
            {
                ThrowHelper.ThrowIfLengthIsNot(input.Length, InputSize, nameof(input));
                ThrowHelper.ThrowIfLengthIsNot(output.Length, OutputSize, nameof(output));
                Forward(ref MemoryMarshal.GetReference(input), 1);
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref _activations.Start, {{output.Name}}Y), OutputSize).CopyTo(output);
            }

            /// <summary>One training step on one sample: forward, loss, backward, clipping, optimizer step. Returns the loss before the step.</summary>
            /// <exception cref="ArgumentException">A span has the wrong length.</exception>
            public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
            {
                ThrowHelper.ThrowIfLengthIsNot(input.Length, InputSize, nameof(input));
                ThrowHelper.ThrowIfLengthIsNot(target.Length, OutputSize, nameof(target));
                float loss = GradientsOfRows(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(target), 1);
                ApplyGradients();
                return loss;
            }

            /// <summary>
            /// One training step on 1 to {{_spec.Training.BatchSize}} rows, row-major: <paramref name="inputs"/> [rows][{{_spec.InputSize}}],
            /// <paramref name="targets"/> [rows][{{_spec.OutputSize}}]. One step with the gradient of the mean loss; returns that loss before the step.
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize whole rows.</exception>
            public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                float loss = ComputeGradients(inputs, targets);
                ApplyGradients();
                return loss;
            }

            /// <summary>Mean loss over 1 to {{_spec.Training.BatchSize}} rows. Changes no parameter or gradient.</summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize whole rows.</exception>
            public float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                int rows = ThrowHelper.RowsOf(inputs.Length, targets.Length, InputSize, OutputSize, BatchSize);
                Forward(ref MemoryMarshal.GetReference(inputs), rows);
                return LossOfRows(ref MemoryMarshal.GetReference(targets), rows, withGradient: false);
            }

            /// <summary>
            /// Writes the gradient of the mean loss over 1 to {{_spec.Training.BatchSize}} rows into the gradient buffer
            /// (replacing it: no clipping, no step) and returns the loss. See <see cref="CopyGradientsTo"/>.
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize whole rows.</exception>
            public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                int rows = ThrowHelper.RowsOf(inputs.Length, targets.Length, InputSize, OutputSize, BatchSize);
                return GradientsOfRows(ref MemoryMarshal.GetReference(inputs), ref MemoryMarshal.GetReference(targets), rows);
            }

            private float GradientsOfRows(ref float inputs, ref float targets, int rows)
            {
                Forward(ref inputs, rows);
                float loss = LossOfRows(ref targets, rows, withGradient: true);
                _gradients.Span.Clear();
                Backward(ref inputs, rows);
                return loss;
            }

            /// <summary>Copies the parameters in PyTorch nn.Sequential state_dict order: per layer, weight [out, in] row-major, then bias [out].</summary>
            /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly ParameterCount floats.</exception>
            public void CopyParametersTo(Span<float> destination)
            {
                ThrowHelper.ThrowIfLengthIsNot(destination.Length, ParameterCount, nameof(destination));
                ref float p = ref _parameters.Start;
                for (int k = 0; k < ParameterCount; k++)
                    destination[k] = Unsafe.Add(ref p, StorageIndexOf(k));
            }

            /// <summary>Copies the gradient buffer in the order of <see cref="CopyParametersTo"/>.</summary>
            /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly ParameterCount floats.</exception>
            public void CopyGradientsTo(Span<float> destination)
            {
                ThrowHelper.ThrowIfLengthIsNot(destination.Length, ParameterCount, nameof(destination));
                ref float g = ref _gradients.Start;
                for (int k = 0; k < ParameterCount; k++)
                    destination[k] = Unsafe.Add(ref g, StorageIndexOf(k));
            }

            /// <summary>Replaces the parameters, given in the order of <see cref="CopyParametersTo"/>. The optimizer state is kept.</summary>
            /// <exception cref="ArgumentException">Wrong length, or a value that is NaN or infinite; the model is then unchanged.</exception>
            public void SetParameters(ReadOnlySpan<float> source)
            {
                ThrowHelper.ThrowIfLengthIsNot(source.Length, ParameterCount, nameof(source));
                ThrowHelper.ThrowIfNotFinite(source, nameof(source));
                ref float p = ref _parameters.Start;
                for (int k = 0; k < ParameterCount; k++)
                    Unsafe.Add(ref p, StorageIndexOf(k)) = source[k];
            }

            /// <summary>Writes the parameters in NetGen's weights format: versioned, with the architecture hash and a CRC-32.</summary>
            public void Save(Stream stream)
            {
                var writer = new WeightsFileWriter(stream, ArchitectureHash, ParameterCount, stackalloc byte[4096]);
                ref float p = ref _parameters.Start;
                for (int k = 0; k < ParameterCount; k++)
                    writer.Write(Unsafe.Add(ref p, StorageIndexOf(k)));
                writer.Finish();
            }

            /// <summary>Reads a network written by <see cref="Save"/>. Nothing is built unless the whole file checks out.</summary>
            /// <exception cref="InvalidDataException">Not a weights file, another format version or architecture, truncated, or corrupted.</exception>
            public static {{TypeName}} Load(Stream stream)
            {
                float[] parameters = WeightsFile.Read(stream, ArchitectureHash, ParameterCount, nameof({{TypeName}}), Architecture);
                var network = new {{TypeName}}();
                network.SetParameters(parameters);
                return network;
            }

            """);
    }
}
