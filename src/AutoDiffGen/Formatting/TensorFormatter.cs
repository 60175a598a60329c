using System.Text;

namespace AutoDiffGen.Formatting;

/// <summary>
/// Renders a tensor as PyTorch's <c>repr</c> does (torch/_tensor_str.py): nested brackets aligned under the
/// opening one, rows wrapped at the line width, a blank line between matrices of a 3-D tensor, the middle of large
/// tensors elided with <c>...</c>, and suffixes for a non-default dtype or device.
/// </summary>
internal static class TensorFormatter
{
    private const string Prefix = "tensor(";

    public static string Format(Tensor tensor, TensorPrintOptions options)
    {
        var shape = tensor.Shape.ToArray();
        var suffixes = new List<string>();
        if (tensor.Device != Device.Cpu)
        {
            suffixes.Add($"device='{tensor.Device}'");
        }

        string body;
        if (tensor.NumElements == 0)
        {
            if (shape.Length != 1)
            {
                suffixes.Add("size=(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")"));
            }

            if (tensor.DType != DType.Float32)
            {
                suffixes.Add("dtype=" + tensor.DType.TorchName());
            }

            body = "[]";
        }
        else
        {
            if (tensor.DType is not (DType.Float32 or DType.Int64 or DType.Bool))
            {
                suffixes.Add("dtype=" + tensor.DType.TorchName());
            }

            var values = tensor.ToArray<double>();
            var summarize = tensor.NumElements > options.Threshold;
            var strides = ContiguousStrides(shape);
            var printed = new List<double>();
            Collect(values, shape, strides, 0, 0, summarize, options, printed);
            var formatter = new ElementFormatter(tensor.DType, printed, options);
            body = shape.Length == 0
                ? formatter.Format(values[0])
                : Render(values, shape, strides, 0, 0, Prefix.Length, summarize, formatter, options);
        }

        return AddSuffixes(Prefix + body, suffixes, options);
    }

    /// <summary>The elements that will be printed (all, or the edges when summarising): the formatter's sample.</summary>
    private static void Collect(double[] values, int[] shape, int[] strides, int dim, int offset, bool summarize, TensorPrintOptions options, List<double> into)
    {
        if (dim == shape.Length)
        {
            into.Add(values[offset]);
            return;
        }

        foreach (var i in Indices(shape[dim], summarize, options))
        {
            if (i >= 0)
            {
                Collect(values, shape, strides, dim + 1, offset + (i * strides[dim]), summarize, options, into);
            }
        }
    }

    private static string Render(double[] values, int[] shape, int[] strides, int dim, int offset, int indent, bool summarize, ElementFormatter formatter, TensorPrintOptions options)
    {
        if (dim == shape.Length - 1)
        {
            // A row: elements per line chosen so a line fits the width, as _vector_str.
            var elementLength = formatter.Width + 2;
            var perLine = Math.Max(1, (options.LineWidth - indent) / elementLength);
            var items = Indices(shape[dim], summarize, options)
                .Select(i => i < 0 ? " ..." : formatter.Format(values[offset + (i * strides[dim])]))
                .ToList();
            var lines = new List<string>();
            for (var i = 0; i < items.Count; i += perLine)
            {
                lines.Add(string.Join(", ", items.Skip(i).Take(perLine)));
            }

            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }

        var slices = Indices(shape[dim], summarize, options)
            .Select(i => i < 0 ? "..." : Render(values, shape, strides, dim + 1, offset + (i * strides[dim]), indent + 1, summarize, formatter, options));
        var separator = "," + new string('\n', shape.Length - dim - 1) + new string(' ', indent + 1);
        return "[" + string.Join(separator, slices) + "]";
    }

    /// <summary>Indices to print along a dim; -1 marks the elided middle.</summary>
    private static IEnumerable<int> Indices(int size, bool summarize, TensorPrintOptions options)
    {
        var edge = options.EdgeItems;
        if (summarize && size > 2 * edge)
        {
            for (var i = 0; i < edge; i++)
            {
                yield return i;
            }

            yield return -1;
            for (var i = size - edge; i < size; i++)
            {
                yield return i;
            }
        }
        else
        {
            for (var i = 0; i < size; i++)
            {
                yield return i;
            }
        }
    }

    private static string AddSuffixes(string text, List<string> suffixes, TensorPrintOptions options)
    {
        var result = new StringBuilder(text);
        var lastLineLength = text.Length - text.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > options.LineWidth)
            {
                result.Append(",\n").Append(' ', Prefix.Length).Append(suffix);
                lastLineLength = Prefix.Length + suffix.Length;
            }
            else
            {
                result.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }

        return result.Append(')').ToString();
    }

    private static int[] ContiguousStrides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }
}
