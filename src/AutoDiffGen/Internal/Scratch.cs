namespace AutoDiffGen.Internal;

/// <summary>
/// Small working arrays of the CPU kernels (per-channel statistics, scales, partial sums): inside a training step
/// they come from the step's memory (<see cref="StepMemory"/>), like its tensors' arrays, so a warm step allocates
/// none; outside one they are plain new arrays.
/// </summary>
internal static class Scratch
{
    /// <summary>A zeroed double[] of exactly <paramref name="length"/> elements.</summary>
    public static double[] Doubles(int length)
    {
        if (length == 0)
        {
            return [];
        }

        return StepMemory.Current is { } arena ? (double[])arena.RentArray(DType.Float64, length, zeroed: true) : new double[length];
    }

    /// <summary>The elements of a CPU tensor as doubles, in a scratch array (see <see cref="Doubles"/>).</summary>
    public static double[] DoublesOf(Tensor tensor)
    {
        var values = Doubles(tensor.NumElements);
        var source = tensor.Contiguous();
        if (source.DType == DType.Float32)
        {
            var span = source.ContiguousSpan<float>();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = span[i];
            }
        }
        else
        {
            source.To(DType.Float64).ContiguousSpan<double>().CopyTo(values);
        }

        return values;
    }
}
