using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    /// <summary>
    /// PredictBatch's whole blocks of a vector's lanes with the rows in the lanes (<see cref="KernelBlocking.PredictsInLanes"/>):
    /// the inputs transposed into <c>[inputs][lanes]</c>, each layer one runtime kernel from one half of the lanes buffer to
    /// the other, the outputs transposed back into the caller's rows. One generic body for every vector width.
    /// </summary>
    private void EmitPredictInLanes()
    {
        _w.Line("/// <summary>");
        _w.Line("/// PredictBatch's rows in whole blocks of this machine's vector lanes, one row in each lane (NetGen.Runtime.LaneKernels): every");
        _w.Line("/// multiply-add computes a unit for a lane's row, whatever the layers' widths. Returns the rows done; the rest go through Forward.");
        _w.Line("/// </summary>");
        using (_w.Block("private int PredictInLanes(ref float x, ref float y, int rows)"))
        {
            string activations = string.Join(", ", _plan.Layers.Select(layer => ActivationStructName(layer, SimdWidth.Vector512)));
            foreach (var width in SimdWidth.All.Where(width => !width.IsScalar))
                _w.Line(KernelBlocking.PredictsInLanesOn(_plan, width)
                    ? $"if ({width.Guard}) return PredictInLanes<{width.LaneTypes}, {activations}>(ref _parameters.Start, ref _lanes.Start, ref x, ref y, rows);"
                    : $"if ({width.Guard}) return 0; // the rows' kernels: no layer kept by rows pads its units on this width, and in lanes each multiply-add would broadcast a weight");
            _w.Line("return 0;");
        }
        _w.Line();
        _w.Line("/// <summary>The body of every width: <typeparamref name=\"L\"/> and <typeparamref name=\"V\"/> are the width's operations and vector, A0, A1, ... the layers' activations.</summary>");
        string parameters = string.Concat(_plan.Layers.Select(layer => $", A{layer.Index}"));
        string constraints = string.Concat(_plan.Layers.Select(layer => $" where A{layer.Index} : struct, IActivation<V>"));
        using (_w.Block($"private static int PredictInLanes<L, V{parameters}>(ref float p, ref float a, ref float x, ref float y, int rows) where L : struct, ILanes<V> where V : struct{constraints}"))
        {
            _w.Line("// Two layers' activations, [units][lanes] each: a layer reads one half and writes the other.");
            _w.Line("ref float b = ref Unsafe.Add(ref a, LanesStorage / 2);");
            _w.Line("int done = rows / L.Count * L.Count;");
            using (_w.Block("for (int r = 0; r < done; r += L.Count)"))
            {
                _w.Line("LaneKernels.RowsToLanes<L, V>(ref Unsafe.Add(ref x, r * InputSize), InputSize, InputSize, ref a);");
                string from = "a", to = "b";
                foreach (var layer in _plan.Layers)
                {
                    string kernel = layer.Layer.StoredByUnit ? "LinearByUnit" : "Linear";
                    string bias = layer.HasBias ? $"ref Unsafe.Add(ref p, {layer.Name}Bias)" : "ref Unsafe.NullRef<float>()";
                    _w.Line($"LaneKernels.{kernel}<L, V, A{layer.Index}, {layer.Name}Shape>(ref {from}, ref Unsafe.Add(ref p, {layer.Name}Weights), {layer.Name}Stride, {bias}, ref {to}, {layer.Layer.Inputs}, {layer.Layer.LinearUnits});");
                    (from, to) = (to, from);
                }
                _w.Line($"LaneKernels.LanesToRows<L, V>(ref {from}, OutputSize, ref Unsafe.Add(ref y, r * OutputSize));");
            }
            _w.Line("return done;");
        }
        _w.Line();
    }
}
