using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// MNIST-style handwritten digits (and Fashion-MNIST, KMNIST and the like: the same IDX files), like
/// <c>torchvision.datasets.MNIST</c>: each sample is a grey <see cref="Image"/> (28×28×1 for MNIST) and its label.
/// <see cref="Load"/> finds the standard file names in a folder, raw or gzip-compressed; <see cref="FromFiles"/>
/// takes explicit paths. Both files are read and checked whole when the dataset is made, so a damaged file fails
/// there (a <see cref="DatasetFormatException"/> naming the file and byte offset), never halfway through training.
/// </summary>
/// <remarks>
/// For training without per-sample transforms, <see cref="ToTensors"/> gives every image as one float tensor,
/// which a <c>TensorDataset</c> and <c>DataLoader</c> batch without going through <see cref="Image"/>.
/// </remarks>
public sealed class Mnist : Dataset<(Image Image, long Label)>
{
    /// <summary>torchvision's MNIST class names.</summary>
    public static readonly IReadOnlyList<string> DigitClasses =
        ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];

    private readonly byte[] _images;
    private readonly int _imagesStart;
    private readonly byte[] _labels;
    private readonly int _labelsStart;

    private Mnist(DatasetBytes images, DatasetBytes labels, IReadOnlyList<string> classes)
    {
        var imageDims = Idx.ReadDimensions(images, Idx.ImagesMagic, "images");
        var labelDims = Idx.ReadDimensions(labels, Idx.LabelsMagic, "labels");
        if (imageDims[0] != labelDims[0])
        {
            // The first count field starts at offset 4 in both files.
            throw new DatasetFormatException(labels.Path, 4, string.Create(CultureInfo.InvariantCulture,
                $"{labels.Path}: the labels file holds {labelDims[0]} labels (count at offset 4) but {images.Path} holds {imageDims[0]} images;")
                + " they must be the same split (train-* with train-*, t10k-* with t10k-*), both complete.");
        }

        _images = images.Bytes;
        _imagesStart = 16;
        _labels = labels.Bytes;
        _labelsStart = 8;
        Count = imageDims[0];
        Height = imageDims[1];
        Width = imageDims[2];
        Classes = classes;
    }

    public override int Count { get; }

    /// <summary>The rows of each image (28 for MNIST).</summary>
    public int Height { get; }

    /// <summary>The columns of each image (28 for MNIST).</summary>
    public int Width { get; }

    /// <summary>The class names, by label (digits for MNIST; clothing types for Fashion-MNIST).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Image <paramref name="index"/> (a new copy; grey, one channel) and its label.</summary>
    public override (Image Image, long Label) this[int index]
    {
        get
        {
            CheckIndex(index);
            var size = Height * Width;
            var pixels = _images.AsSpan(_imagesStart + (index * size), size).ToArray();
            return (new Image(Height, Width, 1, pixels), _labels[_labelsStart + index]);
        }
    }

    /// <summary>The label of sample <paramref name="index"/>, without copying its image.</summary>
    public long LabelAt(int index)
    {
        CheckIndex(index);
        return _labels[_labelsStart + index];
    }

    /// <summary>
    /// Reads the training (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>) or test
    /// (<c>t10k-*</c>) files from <paramref name="directory"/>, each either raw or with a <c>.gz</c> suffix.
    /// With <paramref name="download"/>, missing files are first fetched from <paramref name="source"/> (default
    /// <see cref="DefaultSource"/>) and checked against its SHA-256 hashes.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing and <paramref name="download"/> is false.</exception>
    /// <exception cref="DatasetFormatException">A file is truncated, corrupt or not an IDX file of the right kind.</exception>
    public static Mnist Load(string directory, bool train = true, bool download = false, DownloadSource? source = null, HttpClient? http = null) =>
        LoadSplit(directory, train, download, source ?? DefaultSource, http, DigitClasses, "MNIST");

    /// <summary>Reads an images file and a labels file given by path (raw or gzip, told apart by content).</summary>
    public static Mnist FromFiles(string imagesPath, string labelsPath, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        return new Mnist(DatasetFile.Read(imagesPath), DatasetFile.Read(labelsPath), classes ?? DigitClasses);
    }

    /// <summary>
    /// Every image as one float32 tensor of shape [N, 1, Height, Width] with values in [0, 1] (pixel / 255, what
    /// <c>ToTensor</c> gives per image), and the labels as an int64 tensor of shape [N].
    /// </summary>
    public (Tensor Images, Tensor Labels) ToTensors()
    {
        var images = Tensor.Allocate(DType.Float32, [Count, 1, Height, Width]);
        PixelScaling.ToUnitFloats(_images.AsSpan(_imagesStart, images.NumElements), images.ContiguousSpan<float>());
        var labels = Tensor.Allocate(DType.Int64, [Count]);
        PixelScaling.ToLabels(_labels.AsSpan(_labelsStart, Count), labels.ContiguousSpan<long>());
        return (images, labels);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Mnist({Count} images of {Height}x{Width})");

    internal static Mnist LoadSplit(string directory, bool train, bool download, DownloadSource source, HttpClient? http, IReadOnlyList<string> classes, string name)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var prefix = train ? "train" : "t10k";
        var images = FindFile(directory, $"{prefix}-images-idx3-ubyte");
        var labels = FindFile(directory, $"{prefix}-labels-idx1-ubyte");
        if ((images is null || labels is null) && download)
        {
            Download(directory, source, http);
            images = FindFile(directory, $"{prefix}-images-idx3-ubyte");
            labels = FindFile(directory, $"{prefix}-labels-idx1-ubyte");
        }

        if (images is null || labels is null)
        {
            var missing = images is null ? $"{prefix}-images-idx3-ubyte" : $"{prefix}-labels-idx1-ubyte";
            throw new FileNotFoundException(
                $"{name}: {missing} (or {missing}.gz) is not in {Path.GetFullPath(directory)}; pass download: true to fetch the files, or copy them there.",
                Path.Combine(directory, missing));
        }

        return FromFiles(images, labels, classes);
    }

    /// <summary>
    /// Fetches the four gzip files of <paramref name="source"/> into <paramref name="directory"/> (made if needed),
    /// skipping those already there. Each file is written to a temporary name, checked against its SHA-256 hash
    /// and only then moved into place.
    /// </summary>
    /// <exception cref="DatasetChecksumException">A file arrived with the wrong hash (it is deleted).</exception>
    /// <exception cref="DatasetDownloadException">The server failed or stalled.</exception>
    public static void Download(string directory, DownloadSource? source = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        foreach (var file in FileNames)
        {
            if (FindFile(directory, file[..^3]) is null)
            {
                Downloader.Fetch(source ?? DefaultSource, file, Path.Combine(directory, file), http);
            }
        }
    }

    /// <summary>The files of a split, as served: gzip-compressed IDX.</summary>
    internal static readonly string[] FileNames =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>
    /// The mirror torchvision uses (ossci-datasets on S3) with the files' published SHA-256 hashes, as listed by
    /// TensorFlow Datasets and other projects that pin them (torchvision itself lists MD5s).
    /// </summary>
    public static DownloadSource DefaultSource { get; } = new(new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"), new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        ["train-labels-idx1-ubyte.gz"] = "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        ["t10k-images-idx3-ubyte.gz"] = "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        ["t10k-labels-idx1-ubyte.gz"] = "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    });

    /// <summary>The path of <paramref name="name"/> or <paramref name="name"/>.gz in the folder (raw first), or null.</summary>
    private static string? FindFile(string directory, string name)
    {
        var raw = Path.Combine(directory, name);
        return File.Exists(raw) ? raw : File.Exists(raw + ".gz") ? raw + ".gz" : null;
    }
}
