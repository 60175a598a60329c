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
        ArgumentOutOfRangeException.ThrowIfNegative(options.Precision, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.EdgeItems, nameof(options));
        var shape = tensor._shape;
        var suffixes = new List<string>();
        if (tensor.Device != Device.Cpu)
        {
            suffixes.Add($"device='{tensor.Device}'");
        }

        // A device tensor prints from a host copy (the suffix above still names its device).
        var host = tensor._storage is null ? tensor : tensor.To(Device.Cpu);
        string body;
        if (tensor.NumElements == 0)
        {
            // As NumPy and PyTorch: the shape is shown unless it is (0,), and the dtype unless it is the default
            // float32, because an empty tensor has no elements to hint at it.
            if (shape.Length != 1)
            {
                suffixes.Add("size=(" + string.Join(", ", shape) + ")");
            }

            if (tensor.DType != DType.Float32)
            {
                suffixes.Add("dtype=" + tensor.DType.TorchName());
            }

            body = "[]";
        }
        else
        {
            // int64 and bool are what torch.tensor infers from Python ints and bools, so PyTorch leaves them out.
            if (tensor.DType is not (DType.Float32 or DType.Int64 or DType.Bool))
            {
                suffixes.Add("dtype=" + tensor.DType.TorchName());
            }

            // Elements are read straight from storage through the view's strides: a transpose prints in logical
            // order, int64 stays exact, and a huge tensor reads only the edges it prints.
            var summarize = tensor.NumElements > options.Threshold;
            var sample = new List<int>();
            Collect(shape, host._strides, 0, host._offset, summarize, options, sample);
            var formatter = new ElementFormatter(host._data, tensor.DType, sample, options);
            body = shape.Length == 0
                ? formatter.Format(host._offset)
                : Render(shape, host._strides, 0, host._offset, Prefix.Length, summarize, formatter, options);
        }

        return AddSuffixes(Prefix + body, suffixes, options);
    }

    /// <summary>The elements that will be printed (all, or the edges when summarising): the formatter's sample.</summary>
    private static void Collect(int[] shape, int[] strides, int dim, int offset, bool summarize, TensorPrintOptions options, List<int> into)
    {
        if (dim == shape.Length)
        {
            into.Add(offset);
            return;
        }

        foreach (var i in Indices(shape[dim], summarize, options))
        {
            if (i >= 0)
            {
                Collect(shape, strides, dim + 1, offset + (i * strides[dim]), summarize, options, into);
            }
        }
    }

    private static string Render(int[] shape, int[] strides, int dim, int offset, int indent, bool summarize, ElementFormatter formatter, TensorPrintOptions options)
    {
        if (dim == shape.Length - 1)
        {
            // A row, as _vector_str: as many elements per line as fit the width (at least one), the " ..." of a
            // summarised row counting as one element.
            var elementLength = formatter.Width + 2;
            var perLine = Math.Max(1, (options.LineWidth - indent) / elementLength);
            var items = Indices(shape[dim], summarize, options)
                .Select(i => i < 0 ? " ..." : formatter.Format(offset + (i * strides[dim])))
                .ToList();
            var lines = new List<string>();
            for (var i = 0; i < items.Count; i += perLine)
            {
                lines.Add(string.Join(", ", items.GetRange(i, Math.Min(perLine, items.Count - i))));
            }

            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }

        // Sub-tensors joined by a comma, one newline per remaining dim (a blank line between matrices of a 3-D
        // tensor) and the indent of the next bracket level.
        var slices = Indices(shape[dim], summarize, options)
            .Select(i => i < 0 ? "..." : Render(shape, strides, dim + 1, offset + (i * strides[dim]), indent + 1, summarize, formatter, options));
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
        // PyTorch's own count, two more than the last line's length; kept so suffixes wrap where PyTorch wraps them.
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
}
