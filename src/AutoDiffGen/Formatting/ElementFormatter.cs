using System.Globalization;

namespace AutoDiffGen.Formatting;

/// <summary>
/// Chooses one format for all printed elements of a tensor and pads them to a common width, following PyTorch's
/// <c>_Formatter</c> (torch/_tensor_str.py): integer-valued floats print as <c>1.</c>, others with
/// <c>precision</c> digits, and scientific notation when the magnitudes span more than 1000× or leave [1e-4, 1e8].
/// </summary>
internal sealed class ElementFormatter
{
    private readonly DType _dtype;
    private readonly TensorPrintOptions _options;
    private readonly bool _intMode = true;
    private readonly bool _sciMode;

    public ElementFormatter(DType dtype, IReadOnlyList<double> values, TensorPrintOptions options)
    {
        _dtype = dtype;
        _options = options;
        Width = 1;
        if (!dtype.IsFloatingPoint())
        {
            foreach (var v in values)
            {
                Width = Math.Max(Width, FormatPlain(v).Length);
            }

            return;
        }

        var nonzeroFinite = values.Where(v => double.IsFinite(v) && v != 0).ToList();
        if (nonzeroFinite.Count > 0)
        {
            var min = nonzeroFinite.Min(Math.Abs);
            var max = nonzeroFinite.Max(Math.Abs);
            _intMode = nonzeroFinite.All(v => v == Math.Ceiling(v));
            if (_intMode)
            {
                _sciMode = max / min > 1000.0 || max > 1.0e8;
                foreach (var v in nonzeroFinite)
                {
                    Width = Math.Max(Width, _sciMode ? Scientific(v).Length : Fixed(v, 0).Length + 1);
                }
            }
            else
            {
                _sciMode = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
                foreach (var v in nonzeroFinite)
                {
                    Width = Math.Max(Width, _sciMode ? Scientific(v).Length : Fixed(v, options.Precision).Length);
                }
            }
        }

        if (options.SciMode is { } forced)
        {
            _sciMode = forced;
        }
    }

    /// <summary>The width every element is padded to.</summary>
    public int Width { get; }

    public string Format(double value)
    {
        string text;
        if (!_dtype.IsFloatingPoint())
        {
            text = FormatPlain(value);
        }
        else if (_sciMode)
        {
            text = Scientific(value);
        }
        else if (_intMode)
        {
            text = Fixed(value, 0);
            if (double.IsFinite(value))
            {
                text += ".";
            }
        }
        else
        {
            text = Fixed(value, _options.Precision);
        }

        return text.Length >= Width ? text : new string(' ', Width - text.Length) + text;
    }

    private string FormatPlain(double value) => _dtype == DType.Bool
        ? (value != 0 ? "True" : "False")
        : ((long)value).ToString(CultureInfo.InvariantCulture);

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

        var text = value.ToString("E" + _options.Precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = text[..e];
        var sign = text[e + 1];
        var digits = text[(e + 2)..].TrimStart('0');
        if (digits.Length < 2)
        {
            digits = digits.PadLeft(2, '0');
        }

        return mantissa + "e" + sign + digits;
    }
}
