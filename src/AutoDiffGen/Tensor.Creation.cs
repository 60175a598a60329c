using System.Runtime.InteropServices;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros (like <c>torch.zeros(2, 3)</c>).</summary>
    public static Tensor Zeros(params int[] shape) => Zeros(shape, DType.Float32);

    public static Tensor Zeros(int[] shape, DType dtype)
    {
        ShapeUtil.CheckShape(shape, "Zeros");
        return AllocateZeroed(dtype, ShapeUtil.Copy(shape));
    }

    /// <summary>A tensor of ones (like <c>torch.ones(3, 3)</c>).</summary>
    public static Tensor Ones(params int[] shape) => Ones(shape, DType.Float32);

    public static Tensor Ones(int[] shape, DType dtype) => Full(shape, 1.0, dtype);

    /// <summary>An uninitialised tensor (like <c>torch.empty(5, 4)</c>): its values are whatever memory held.</summary>
    public static Tensor Empty(params int[] shape) => Empty(shape, DType.Float32);

    public static Tensor Empty(int[] shape, DType dtype)
    {
        ShapeUtil.CheckShape(shape, "Empty");
        return Allocate(dtype, ShapeUtil.Copy(shape));
    }

    /// <summary>A tensor filled with one value (like <c>torch.full((2, 2), 7.5)</c>); float32 unless a dtype is given.</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32)
    {
        ShapeUtil.CheckShape(shape, "Full");
        return Allocate(dtype, ShapeUtil.Copy(shape)).FillInPlace(value);
    }

    /// <summary>A tensor filled with an integer (like <c>torch.full((2, 2), 7)</c>, which is int64).</summary>
    public static Tensor Full(int[] shape, long value)
    {
        ShapeUtil.CheckShape(shape, "Full");
        var t = Allocate(DType.Int64, ShapeUtil.Copy(shape));
        t.ContiguousSpan<long>().Fill(value);
        return t;
    }

    public static Tensor ZerosLike(Tensor other) => Zeros(other._shape, other._dtype, other.Device);

    public static Tensor OnesLike(Tensor other) => Ones(other._shape, other._dtype, other.Device);

    public static Tensor EmptyLike(Tensor other) => Empty(other._shape, other._dtype, other.Device);

    public static Tensor FullLike(Tensor other, double value) => Full(other._shape, value, other._dtype, other.Device);

    /// <summary>0, 1, …, end-1 as int64 (like <c>torch.arange(5)</c>).</summary>
    public static Tensor Arange(long end) => Arange(0, end, 1);

    /// <summary>start, start+step, … up to (not including) end, as int64 (like <c>torch.arange(0, 10, 1)</c>).</summary>
    public static Tensor Arange(long start, long end, long step = 1)
    {
        var n = ArangeLength(start, end, step);
        var t = Allocate(DType.Int64, [n]);
        var span = t.ContiguousSpan<long>();
        for (var i = 0; i < n; i++)
        {
            span[i] = start + (i * step);
        }

        return t;
    }

    /// <summary>Floating-point range (like <c>torch.arange(0, 1, 0.1)</c>, float32 unless a dtype is given).</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32)
    {
        var n = ArangeLength(start, end, step);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = start + (i * step);
        }

        return new Tensor(values, DType.Float64, [n]).To(dtype);
    }

    private static int ArangeLength(double start, double end, double step)
    {
        if (step == 0 || double.IsNaN(step))
        {
            throw new ArgumentException($"Arange: step must be nonzero, got {step}.", nameof(step));
        }

        if (!double.IsFinite(start) || !double.IsFinite(end))
        {
            throw new ArgumentException($"Arange: start ({start}) and end ({end}) must be finite.", nameof(end));
        }

        if ((step > 0 && end < start) || (step < 0 && end > start))
        {
            throw new ArgumentException(
                $"Arange: upper bound and larger bound inconsistent with step sign (start {start}, end {end}, step {step}).",
                nameof(step));
        }

        var n = Math.Ceiling((end - start) / step);
        return n > Array.MaxLength
            ? throw new TensorShapeException($"Arange: {n} elements do not fit in one tensor.")
            : (int)n;
    }

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive (like <c>torch.linspace</c>).</summary>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        if (steps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Linspace: number of steps must be non-negative.");
        }

        var values = new double[steps];
        if (steps == 1)
        {
            values[0] = start;
        }
        else if (steps > 1)
        {
            // As PyTorch: the first half steps up from start, the second half steps down from end, so both ends are exact.
            var step = (end - start) / (steps - 1);
            var half = steps / 2;
            for (var i = 0; i < steps; i++)
            {
                values[i] = i < half ? start + (step * i) : end - (step * (steps - 1 - i));
            }
        }

        return new Tensor(values, DType.Float64, [steps]).To(dtype);
    }

    /// <summary>The n×m identity matrix (like <c>torch.eye(3)</c>).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        var cols = m ?? n;
        var t = Zeros([n, cols], dtype);
        var ones = t.Diagonal();
        ones.FillInPlace(1);
        return t;
    }

    /// <summary>A 0-d tensor holding one value (like <c>torch.tensor(3.5)</c>), float32 unless a dtype is given.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Full([], value, dtype);

    /// <summary>A 0-d int64 tensor (like <c>torch.tensor(7)</c>).</summary>
    public static Tensor Scalar(long value) => Full([], value);

    /// <summary>A 0-d bool tensor.</summary>
    public static Tensor Scalar(bool value) => Full([], value ? 1 : 0, DType.Bool);

    /// <summary>
    /// A tensor copied from a .NET array of any rank (<c>float[]</c>, <c>double[,]</c>, <c>long[,,]</c>, <c>int[,,,]</c>,
    /// <c>bool[]</c>, …): the dtype follows the element type (float → float32, double → float64, long → int64,
    /// int → int32, bool → bool) and the shape follows the array's dimensions.
    /// </summary>
    public static Tensor FromArray(Array array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var elementType = array.GetType().GetElementType()!;
        var shape = new int[array.Rank];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = array.GetLength(i);
        }

        if (elementType == typeof(float))
        {
            return FromBytes<float>(array, shape, DType.Float32);
        }

        if (elementType == typeof(double))
        {
            return FromBytes<double>(array, shape, DType.Float64);
        }

        if (elementType == typeof(long))
        {
            return FromBytes<long>(array, shape, DType.Int64);
        }

        if (elementType == typeof(int))
        {
            return FromBytes<int>(array, shape, DType.Int32);
        }

        if (elementType == typeof(bool))
        {
            return FromBytes<bool>(array, shape, DType.Bool);
        }

        throw new TensorDTypeException(
            $"FromArray: arrays of {elementType.Name} are not supported; use float, double, long, int or bool elements.");
    }

    /// <summary>A tensor of the given shape copied from flat row-major data (like <c>torch.tensor(data).view(shape)</c>).</summary>
    public static Tensor FromArray<T>(T[] data, int[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var dims = ShapeUtil.InferSize(shape, data.Length, "FromArray");
        return new Tensor((T[])data.Clone(), DTypeExtensions.Of<T>(), dims);
    }

    private static Tensor FromBytes<T>(Array array, int[] shape, DType dtype)
        where T : unmanaged
    {
        var t = Allocate(dtype, shape);

        // A multi-dimensional array stores its elements row-major and contiguously, like a contiguous tensor.
        var source = MemoryMarshal.CreateReadOnlySpan(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)),
            array.Length);
        source.CopyTo(t.ContiguousSpan<T>());
        return t;
    }
}
