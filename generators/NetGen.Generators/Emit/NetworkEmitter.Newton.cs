using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

/// <summary>The damped Newton optimizer: Hessian by central differences of the generated gradient, Cholesky solve in the runtime.</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>The central-difference step on each parameter: large enough that float32 gradients differ by more than rounding.</summary>
    private const float HessianStep = 1e-3f;

    private void EmitNewtonFields()
    {
        _w.Lines("""
            // Newton: the last batch (the Hessian is of its loss) and the dense Hessian, in canonical order.
            private readonly AlignedBuffer _batchInputs = new(BatchSize * InputSize);
            private readonly AlignedBuffer _batchTargets = new(BatchSize * OutputSize);
            private int _batchRows;
            private readonly double[] _hessian = new double[ParameterCount * ParameterCount];
            private readonly double[] _factor = new double[ParameterCount * ParameterCount];
            private readonly double[] _gradient = new double[ParameterCount];
            private readonly double[] _direction = new double[ParameterCount];
            """);
    }

    private void EmitNewtonStep()
    {
        _w.Lines($$"""
            /// <summary>Keeps the batch a gradient was computed on: Newton's step needs its Hessian too.</summary>
            private void RememberBatch(ref float inputs, ref float targets, int rows)
            {
                _batchRows = rows;
                if (Unsafe.AreSame(ref inputs, ref _batchInputs.Start))
                    return;
                MemoryMarshal.CreateReadOnlySpan(ref inputs, rows * InputSize).CopyTo(_batchInputs.Span);
                MemoryMarshal.CreateReadOnlySpan(ref targets, rows * OutputSize).CopyTo(_batchTargets.Span);
            }

            /// <summary>
            /// The Hessian of the mean loss over 1 to {{_spec.Training.BatchSize}} rows, [ParameterCount][ParameterCount] in the order of
            /// <see cref="CopyParametersTo"/>, by central differences of the generated gradient (step {{Literals.Float(HessianStep)}}), symmetrized.
            /// Leaves the gradient buffer holding the gradient at the current parameters.
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize rows, or <paramref name="hessian"/> is not ParameterCount² long.</exception>
            public void ComputeHessian(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<double> hessian)
            {
                ThrowHelper.ThrowIfLengthIsNot(hessian.Length, ParameterCount * ParameterCount, nameof(hessian));
                ComputeGradients(inputs, targets);
                HessianOfRememberedBatch();
                for (int i = 0; i < ParameterCount; i++)
                for (int j = 0; j < ParameterCount; j++)
                    hessian[i * ParameterCount + j] = 0.5 * (_hessian[i * ParameterCount + j] + _hessian[j * ParameterCount + i]);
            }

            /// <summary>Fills _hessian by central differences over the remembered batch; restores the parameters and the gradient buffer.</summary>
            private void HessianOfRememberedBatch()
            {
                ref float p = ref _parameters.Start;
                ref float g = ref _gradients.Start;
                for (int k = 0; k < ParameterCount; k++)
                    _gradient[k] = Unsafe.Add(ref g, StorageIndexOf(k));
                for (int k = 0; k < ParameterCount; k++)
                {
                    ref float slot = ref Unsafe.Add(ref p, StorageIndexOf(k));
                    float saved = slot;
                    slot = saved + {{Literals.Float(HessianStep)}};
                    GradientsOfRows(ref _batchInputs.Start, ref _batchTargets.Start, _batchRows);
                    for (int j = 0; j < ParameterCount; j++)
                        _hessian[k * ParameterCount + j] = Unsafe.Add(ref g, StorageIndexOf(j));
                    slot = saved - {{Literals.Float(HessianStep)}};
                    GradientsOfRows(ref _batchInputs.Start, ref _batchTargets.Start, _batchRows);
                    for (int j = 0; j < ParameterCount; j++)
                        _hessian[k * ParameterCount + j] = (_hessian[k * ParameterCount + j] - Unsafe.Add(ref g, StorageIndexOf(j))) / (2.0 * {{Literals.Float(HessianStep)}});
                    slot = saved;
                }
                _gradients.Span.Clear();
                for (int k = 0; k < ParameterCount; k++)
                    Unsafe.Add(ref g, StorageIndexOf(k)) = (float)_gradient[k];
            }

            /// <summary>p -= lr · (H + λI)⁻¹ g, g the gradient buffer as clipped and penalized, H the remembered batch's Hessian.</summary>
            private void NewtonStep(float lr)
            {
                HessianOfRememberedBatch(); // also copies the gradient buffer, clipped and penalized, into _gradient
                ref float p = ref _parameters.Start;
                NewtonSolver.Solve(_hessian, _gradient, _direction, _factor, damping: {{Literals.DoubleOf(_spec.Training.Damping)}});
                for (int k = 0; k < ParameterCount; k++)
                    Unsafe.Add(ref p, StorageIndexOf(k)) -= (float)(lr * _direction[k]);
            }

            """);
    }
}
