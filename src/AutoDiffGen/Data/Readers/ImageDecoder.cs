using StbImageSharp;

namespace AutoDiffGen;

/// <summary>Decodes PNG, JPEG and BMP files (and the other formats stb_image reads) into <see cref="Image"/>s.</summary>
internal static class ImageDecoder
{
    // StbImageSharp keeps the last failure reason in one static field, so two decodes failing at once could
    // swap their messages. Decoding itself touches only read-only tables and its own buffers, so successful
    // decodes run in parallel; a failure is decoded again under this lock to get its own reason.
    private static readonly Lock _failureLock = new();

    /// <summary>Decodes the file at <paramref name="path"/> to <paramref name="channels"/> channels (1, 3 or 4).</summary>
    /// <exception cref="DatasetFormatException">The file is not an image stb_image can read, or is damaged.</exception>
    public static Image Decode(string path, int channels)
    {
        var bytes = File.ReadAllBytes(path);
        var components = channels switch
        {
            1 => ColorComponents.Grey,
            3 => ColorComponents.RedGreenBlue,
            _ => ColorComponents.RedGreenBlueAlpha,
        };
        try
        {
            var result = ImageResult.FromMemory(bytes, components);
            return new Image(result.Height, result.Width, channels, result.Data);
        }
        catch (Exception first) when (first is not OutOfMemoryException)
        {
            string reason;
            lock (_failureLock)
            {
                try
                {
                    ImageResult.FromMemory(bytes, components);
                    reason = first.Message;
                }
                catch (Exception again) when (again is not OutOfMemoryException)
                {
                    reason = again.Message;
                }
            }

            throw new DatasetFormatException(path, null,
                $"{path}: cannot decode the image (the decoder says: {Printable(reason)}); it is damaged or not a PNG, JPEG or BMP file. Remove it from the folder or replace it.", first);
        }
    }

    /// <summary>stb's reasons can carry raw chunk-name bytes; keep what reads as text.</summary>
    private static string Printable(string reason)
    {
        var text = string.Join(' ', new string([.. reason.Where(c => !char.IsControl(c))]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? "no reason given" : text;
    }
}
