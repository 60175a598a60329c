namespace AutoDiffGen;

/// <summary>
/// Images sorted into one sub-folder per class, like <c>torchvision.datasets.ImageFolder</c>:
/// <c>root/cat/001.png</c>, <c>root/dog/xyz.jpg</c>, …. Classes are the sub-folder names in ordinal order, so label
/// i is <see cref="Classes"/>[i]; each class's files are taken from its folder and the folders below it, in
/// ordinal order (files of a folder before its sub-folders, as Python's <c>os.walk</c> lists them). Files are
/// decoded when a sample is read (PNG, JPEG, BMP via StbImageSharp), never cached, so memory stays flat and
/// several loader workers can decode at once.
/// </summary>
public sealed class ImageFolder : Dataset<(Image Image, long Label)>
{
    /// <summary>The file extensions read by default (compared case-insensitively).</summary>
    public static readonly IReadOnlyList<string> DefaultExtensions = [".bmp", ".jpeg", ".jpg", ".png"];

    private readonly (string Path, long Label)[] _samples;

    /// <summary>Lists the classes and files under <paramref name="root"/>; nothing is decoded yet.</summary>
    /// <param name="root">The folder whose sub-folders are the classes.</param>
    /// <param name="channels">The channels of every decoded image: 3 for RGB (as torchvision converts), 1 for grey, 4 for RGBA.</param>
    /// <param name="extensions">The file extensions to read, with the dot (default <see cref="DefaultExtensions"/>).</param>
    /// <exception cref="DirectoryNotFoundException">The root folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The root has no class folders, or a class folder has no image files.</exception>
    public ImageFolder(string root, int channels = 3, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "ImageFolder: channels must be 1 (grey), 3 (RGB) or 4 (RGBA).");
        }

        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"ImageFolder: {Path.GetFullPath(root)} does not exist.");
        }

        var allowed = new HashSet<string>(extensions ?? DefaultExtensions, StringComparer.OrdinalIgnoreCase);
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).Cast<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw new FileNotFoundException($"ImageFolder: {Path.GetFullPath(root)} has no sub-folders; put each class's images in a folder named after the class.", root);
        }

        var samples = new List<(string, long)>();
        var empty = new List<string>();
        for (var label = 0; label < classes.Length; label++)
        {
            var before = samples.Count;
            Walk(Path.Combine(root, classes[label]), allowed, label, samples, new HashSet<string>(StringComparer.Ordinal));
            if (samples.Count == before)
            {
                empty.Add(classes[label]);
            }
        }

        if (empty.Count > 0)
        {
            throw new FileNotFoundException(
                $"ImageFolder: found no image file for the classes {string.Join(", ", empty)} under {Path.GetFullPath(root)}; supported extensions are {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.",
                Path.Combine(root, empty[0]));
        }

        Root = root;
        Channels = channels;
        Classes = classes;
        ClassToIndex = classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _samples = [.. samples];
    }

    /// <summary>The folder the classes are under.</summary>
    public string Root { get; }

    /// <summary>The channels of every decoded image.</summary>
    public int Channels { get; }

    /// <summary>The class names (sub-folder names) in label order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Class name → label.</summary>
    public IReadOnlyDictionary<string, int> ClassToIndex { get; }

    /// <summary>Every file and its label, in sample order (torchvision's <c>samples</c>).</summary>
    public IReadOnlyList<(string Path, long Label)> Samples => _samples;

    public override int Count => _samples.Length;

    /// <summary>Decodes sample <paramref name="index"/> from its file; safe to call from several threads at once.</summary>
    /// <exception cref="DatasetFormatException">The file cannot be decoded.</exception>
    public override (Image Image, long Label) this[int index]
    {
        get
        {
            CheckIndex(index);
            var (path, label) = _samples[index];
            return (ImageDecoder.Decode(path, Channels), label);
        }
    }

    public override string ToString() => $"ImageFolder({Root}: {Count} images in {Classes.Count} classes)";

    /// <summary>Adds the files under <paramref name="folder"/>; symbolic links are followed (as torchvision does) but never into a loop.</summary>
    private static void Walk(string folder, HashSet<string> allowed, long label, List<(string, long)> samples, HashSet<string> visited)
    {
        if (!visited.Add(Directory.ResolveLinkTarget(folder, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(folder)))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            if (allowed.Contains(Path.GetExtension(file)))
            {
                samples.Add((file, label));
            }
        }

        foreach (var sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            Walk(sub, allowed, label, samples, visited);
        }
    }
}
