using System.Buffers.Binary;
using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): a big-endian magic number
/// <c>00 00 TT RR</c> (TT = element type, 08 for unsigned bytes; RR = number of dimensions), one big-endian
/// int32 per dimension, then the elements in row-major order. Only unsigned-byte files are read, as every
/// MNIST-style file is.
/// </summary>
internal static class Idx
{
    /// <summary>The magic number of an unsigned-byte IDX file of rank 3: images (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of an unsigned-byte IDX file of rank 1: labels (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// Checks the header of <paramref name="file"/> against <paramref name="magic"/> and its length against the
    /// dimensions, and returns the dimensions; the elements start at <c>4 + 4 × rank</c>.
    /// </summary>
    /// <param name="file">The whole file, decompressed.</param>
    /// <param name="magic"><see cref="ImagesMagic"/> or <see cref="LabelsMagic"/>.</param>
    /// <param name="what">What the file holds, for messages ("images", "labels").</param>
    public static int[] ReadDimensions(DatasetBytes file, int magic, string what)
    {
        var rank = magic & 0xff;
        var headerLength = 4 + (4 * rank);
        var bytes = file.Bytes.AsSpan(0, file.Length);
        if (bytes.Length < 4)
        {
            throw Error(file, bytes.Length, $"truncated header: an IDX file starts with a 4-byte magic number, but the file has {bytes.Length} bytes");
        }

        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
        {
            throw Error(file, 0, $"wrong magic number 0x{found:x8} at {file.At(0)} for an IDX {what} file, expected 0x{magic:x8}{MagicHint(found, magic)}");
        }

        if (bytes.Length < headerLength)
        {
            throw Error(file, bytes.Length, $"truncated header: the {what} header has {headerLength} bytes, but the file ends at {file.At(bytes.Length)}");
        }

        var dims = new int[rank];
        long itemsLength = 1;
        for (var d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + (4 * d))..]);
            if (dims[d] < 0 || (d > 0 && dims[d] == 0))
            {
                throw Error(file, 4 + (4 * d), $"dimension {d} of the {what} header (at {file.At(4 + (4 * d))}) is {dims[d]}; it must be positive");
            }

            itemsLength *= dims[d];
            if (itemsLength > Array.MaxLength)
            {
                throw Error(file, 4 + (4 * d), $"the {what} header declares {itemsLength} or more bytes of data (dimension {d} at {file.At(4 + (4 * d))}), more than one array can hold");
            }
        }

        var end = headerLength + itemsLength;
        if (bytes.Length < end)
        {
            var itemLength = itemsLength / Math.Max(dims[0], 1);
            var cut = (bytes.Length - headerLength) / itemLength;
            throw Error(file, bytes.Length,
                $"truncated {what} data: the header declares {dims[0]} items of {itemLength} bytes ending at {file.At(end)}, but the file ends at {file.At(bytes.Length)}, inside item {cut} (0-based)");
        }

        if (bytes.Length > end)
        {
            throw Error(file, end, $"{bytes.Length - end} unexpected bytes after the last of the {dims[0]} {what} the header declares, from {file.At(end)}");
        }

        return dims;
    }

    private static string MagicHint(int found, int magic) => found switch
    {
        ImagesMagic when magic == LabelsMagic => " (this is an images file: are the images and labels paths swapped?)",
        LabelsMagic when magic == ImagesMagic => " (this is a labels file: are the images and labels paths swapped?)",
        _ when (found & unchecked((int)0xffff0000)) != 0 => " (this is not an IDX file)",
        _ when ((found >> 8) & 0xff) != 0x08 => $" (element type 0x{(found >> 8) & 0xff:x2} is not unsigned byte, 0x08, the only type MNIST-style files use)",
        _ => $" (the file has {found & 0xff} dimensions instead of {magic & 0xff})",
    };

    private static DatasetFormatException Error(DatasetBytes file, long offset, FormattableString detail) => new(file.Path, offset,
        file.Path + ": " + detail.ToString(CultureInfo.InvariantCulture) + ". The file is damaged or not what was expected; download it again.");
}
