using System.Globalization;

namespace AutoDiffGen.Formatting;

/// <summary>
/// Chooses one format for all printed elements of a tensor and pads them to a common width, following PyTorch's
/// <c>_Formatter</c> (torch/_tensor_str.py): integer-valued floats print as <c>1.</c>, others with
/// <c>precision</c> digits, and scientific notation when the magnitudes span more than 1000× or leave [1e-4, 1e8].
/// </summary>
/// <remarks>
/// Elements are addressed by their index in the storage array, so only the printed ones are ever read. .NET's
/// <c>F</c>/<c>E</c> formats are exact and round ties to even, as Python's <c>{:.4f}</c>/<c>{:.4e}</c> do; only
/// the exponent needs respelling (<c>E+010</c> → <c>e+10</c>).
/// </remarks>
internal sealed class ElementFormatter
{
    private readonly Array _data;
    private readonly DType _dtype;
    private readonly int _precision;
    private readonly bool _floating;
    private readonly bool _intMode = true;
    private readonly bool _sciMode;

    /// <param name="data">The tensor's storage array.</param>
    /// <param name="dtype">The element type of <paramref name="data"/>.</param>
    /// <param name="sample">Storage indices of every element that will be printed: the width is their widest.</param>
    /// <param name="options">Precision and forced scientific mode.</param>
    public ElementFormatter(Array data, DType dtype, IReadOnlyList<int> sample, TensorPrintOptions options)
    {
        _data = data;
        _dtype = dtype;
        _precision = options.Precision;
        _floating = dtype.IsFloatingPoint();
        Width = 1;
        if (!_floating)
        {
            foreach (var index in sample)
            {
                Width = Math.Max(Width, Plain(index).Length);
            }

            return;
        }

        // As _Formatter: the mode depends only on the finite nonzero values; zeros, nan and inf fit any mode.
        var values = new List<double>(sample.Count);
        foreach (var index in sample)
        {
            var v = ReadFloat(index);
            if (double.IsFinite(v) && v != 0)
            {
                values.Add(v);
            }
        }

        if (values.Count > 0)
        {
            var min = values.Min(Math.Abs);
            var max = values.Max(Math.Abs);
            _intMode = values.All(v => v == Math.Ceiling(v));

            // Integer-valued floats only switch to scientific for a wide range; fractions also for tiny values.
            _sciMode = max / min > 1000.0 || max > 1.0e8 || (!_intMode && min < 1.0e-4);
            foreach (var v in values)
            {
                // In int mode the trailing "." is counted too (it is appended to every finite value).
                var length = _sciMode ? Scientific(v).Length
                    : _intMode ? Fixed(v, 0).Length + 1
                    : Fixed(v, _precision).Length;
                Width = Math.Max(Width, length);
            }
        }

        // A forced mode changes how values print, not the width measured above, exactly as PyTorch does.
        if (options.SciMode is { } forced)
        {
            _sciMode = forced;
        }
    }

    /// <summary>The width every element is padded to.</summary>
    public int Width { get; }

    /// <summary>The element at a storage index, right-aligned to <see cref="Width"/>.</summary>
    public string Format(int index)
    {
        string text;
        if (!_floating)
        {
            text = Plain(index);
        }
        else
        {
            var value = ReadFloat(index);
            if (_sciMode)
            {
                text = Scientific(value);
            }
            else if (_intMode)
            {
                // The point marks a float tensor whose values happen to be integers: "1.", "-0.", but "nan".
                text = Fixed(value, 0);
                if (double.IsFinite(value))
                {
                    text += ".";
                }
            }
            else
            {
                text = Fixed(value, _precision);
            }
        }

        return text.Length >= Width ? text : new string(' ', Width - text.Length) + text;
    }

    /// <summary>Python's <c>"{}".format</c> of an integer or bool element.</summary>
    private string Plain(int index) => _dtype switch
    {
        DType.Int64 => ((long[])_data)[index].ToString(CultureInfo.InvariantCulture),
        DType.Int32 => ((int[])_data)[index].ToString(CultureInfo.InvariantCulture),
        DType.Bool => ((bool[])_data)[index] ? "True" : "False",
        _ => throw new InvalidOperationException($"{_dtype} is not an integral or bool dtype."),
    };

    // Float32 widens to double exactly, which is what PyTorch's .tolist() hands to Python's formatting.
    private double ReadFloat(int index) =>
        _dtype == DType.Float32 ? ((float[])_data)[index] : ((double[])_data)[index];

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

    private static string Fixed(double value, int digits) => double.IsFinite(value)
        ? value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : NonFinite(value);

    // Python's "{:.4e}": mantissa with `precision` digits, exponent with a sign and at least two digits.
    private string Scientific(double value)
    {
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        var text = value.ToString("E" + _precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var digits = text[(e + 2)..].TrimStart('0').PadLeft(2, '0');
        return text[..e] + "e" + text[e + 1] + digits;
    }
}
