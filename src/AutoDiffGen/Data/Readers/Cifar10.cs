using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// CIFAR-10 from its binary version (<c>cifar-10-binary.tar.gz</c>), like <c>torchvision.datasets.CIFAR10</c>: 32×32
/// RGB images in ten classes. Each record of <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> (training, 50,000
/// images) and <c>test_batch.bin</c> (10,000) is one label byte followed by 3072 pixel bytes, the red plane, then
/// green, then blue (CHW); samples are <see cref="Image"/>s in HWC order. Files are read and checked whole when the
/// dataset is made: a file cut short fails there with a <see cref="DatasetFormatException"/> naming it and the
/// offset of the partial record.
/// </summary>
public sealed partial class Cifar10 : Dataset<(Image Image, long Label)>
{
    /// <summary>The bytes of one record: a label byte and 3 × 32 × 32 pixel bytes.</summary>
    public const int RecordLength = 1 + PixelsPerImage;

    private const int Side = 32;
    private const int Plane = Side * Side;
    private const int PixelsPerImage = 3 * Plane;

    /// <summary>The class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private readonly byte[] _labels;
    private readonly byte[] _pixels;

    private Cifar10(byte[] labels, byte[] pixels)
    {
        _labels = labels;
        _pixels = pixels;
    }

    public override int Count => _labels.Length;

    /// <summary>The class names, by label (<see cref="ClassNames"/>).</summary>
    public IReadOnlyList<string> Classes => ClassNames;

    /// <summary>Image <paramref name="index"/> (a new 32×32×3 HWC copy) and its label.</summary>
    public override (Image Image, long Label) this[int index]
    {
        get
        {
            CheckIndex(index);
            var chw = _pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
            var hwc = new byte[PixelsPerImage];
            for (var c = 0; c < 3; c++)
            {
                var plane = chw.Slice(c * Plane, Plane);
                for (var p = 0; p < Plane; p++)
                {
                    hwc[(p * 3) + c] = plane[p];
                }
            }

            return (new Image(Side, Side, 3, hwc), _labels[index]);
        }
    }

    /// <summary>The label of sample <paramref name="index"/>, without copying its image.</summary>
    public long LabelAt(int index)
    {
        CheckIndex(index);
        return _labels[index];
    }

    /// <summary>
    /// Reads the training or test batches from <paramref name="root"/>/cifar-10-batches-bin (as the archive
    /// unpacks) or from <paramref name="root"/> itself. With <paramref name="download"/>, missing files are first
    /// fetched as <c>cifar-10-binary.tar.gz</c> from <paramref name="source"/> (default <see cref="DefaultSource"/>),
    /// checked against its SHA-256 and unpacked into <paramref name="root"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">A batch file is missing and <paramref name="download"/> is false.</exception>
    /// <exception cref="DatasetFormatException">A batch file is truncated or has a label outside 0..9.</exception>
    public static Cifar10 Load(string root, bool train = true, bool download = false, DownloadSource? source = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var names = train ? _trainFiles : _testFiles;
        var paths = FindFiles(root, names);
        if (paths is null && download)
        {
            Download(root, source, http);
            paths = FindFiles(root, names);
        }

        return paths is null
            ? throw new FileNotFoundException(
                $"CIFAR-10: {string.Join(", ", names)} are not all in {Path.GetFullPath(Path.Combine(root, BatchFolder))} or {Path.GetFullPath(root)}; "
                + "pass download: true to fetch them, or unpack cifar-10-binary.tar.gz there.",
                Path.Combine(root, BatchFolder, names[0]))
            : FromFiles(paths);
    }

    /// <summary>Reads the given batch files, in order, into one dataset (each raw or gzip, told apart by content).</summary>
    public static Cifar10 FromFiles(params IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<DatasetBytes>(paths.Count);
        long records = 0;
        foreach (var path in paths)
        {
            var file = DatasetFile.Read(path);
            records += CheckRecords(file);
            files.Add(file);
        }

        if (records * PixelsPerImage > Array.MaxLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Cifar10: {records} records are more than one array can hold; read fewer files."), nameof(paths));
        }

        var labels = new byte[records];
        var pixels = new byte[records * PixelsPerImage];
        var n = 0;
        foreach (var file in files)
        {
            for (var offset = 0; offset < file.Length; offset += RecordLength, n++)
            {
                labels[n] = file.Bytes[offset];
                file.Bytes.AsSpan(offset + 1, PixelsPerImage).CopyTo(pixels.AsSpan(n * PixelsPerImage));
            }
        }

        return new Cifar10(labels, pixels);
    }

    /// <summary>
    /// Every image as one float32 tensor of shape [N, 3, 32, 32] with values in [0, 1] (pixel / 255, what
    /// <c>ToTensor</c> gives per image), and the labels as an int64 tensor of shape [N].
    /// </summary>
    public (Tensor Images, Tensor Labels) ToTensors()
    {
        var images = Tensor.Allocate(DType.Float32, [Count, 3, Side, Side]);
        PixelScaling.ToUnitFloats(_pixels, images.ContiguousSpan<float>());
        var labels = Tensor.Allocate(DType.Int64, [Count]);
        PixelScaling.ToLabels(_labels, labels.ContiguousSpan<long>());
        return (images, labels);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Cifar10({Count} images of 32x32x3)");

    /// <summary>The number of records in <paramref name="file"/>, after checking its length and labels.</summary>
    private static int CheckRecords(DatasetBytes file)
    {
        if (file.Length == 0)
        {
            throw new DatasetFormatException(file.Path, 0, $"{file.Path}: the file is empty; a CIFAR-10 batch holds records of {RecordLength} bytes. Download it again.");
        }

        var whole = file.Length / RecordLength;
        if (file.Length % RecordLength != 0)
        {
            var partial = (long)whole * RecordLength;
            throw new DatasetFormatException(file.Path, partial, string.Create(CultureInfo.InvariantCulture,
                $"{file.Path}: {file.Length} bytes is not a whole number of {RecordLength}-byte CIFAR-10 records: record {whole} at {file.At(partial)} has only {file.Length - partial} bytes.")
                + " The file is truncated or not a CIFAR-10 binary batch; download it again.");
        }

        for (var r = 0; r < whole; r++)
        {
            var label = file.Bytes[r * RecordLength];
            if (label >= ClassNames.Count)
            {
                throw new DatasetFormatException(file.Path, (long)r * RecordLength, string.Create(CultureInfo.InvariantCulture,
                        $"{file.Path}: record {r} at {file.At((long)r * RecordLength)} has label {label}, but CIFAR-10 labels are 0..9.")
                    + " Is this a CIFAR-100 file (2 label bytes per record)? Otherwise it is damaged; download it again.");
            }
        }

        return whole;
    }
}
