namespace AutoDiffGen;

/// <summary>
/// Fashion-MNIST (Zalando's clothing pictures), like <c>torchvision.datasets.FashionMNIST</c>: the same IDX files
/// and names as MNIST, so it loads into an <see cref="Mnist"/> whose <see cref="Mnist.Classes"/> are clothing types.
/// </summary>
public static class FashionMnist
{
    /// <summary>The class names, by label.</summary>
    public static readonly IReadOnlyList<string> Classes =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The project's S3 bucket (HTTPS endpoint) with the files' published SHA-256 hashes (as listed by TensorFlow
    /// Datasets and other projects that pin them).
    /// </summary>
    public static DownloadSource DefaultSource { get; } = new(new Uri("https://fashion-mnist.s3.eu-central-1.amazonaws.com/"), new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        ["train-labels-idx1-ubyte.gz"] = "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        ["t10k-images-idx3-ubyte.gz"] = "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        ["t10k-labels-idx1-ubyte.gz"] = "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    });

    /// <summary>Like <see cref="Mnist.Load(string, bool, bool, DownloadSource?, HttpClient?)"/>, with Fashion-MNIST's classes and source.</summary>
    public static Mnist Load(string directory, bool train = true, bool download = false, DownloadSource? source = null, HttpClient? http = null) =>
        Mnist.LoadSplit(directory, train, download, source ?? DefaultSource, http, Classes, "Fashion-MNIST");

    /// <summary>Fetches the four files of <paramref name="source"/> (default <see cref="DefaultSource"/>) into the folder.</summary>
    public static void Download(string directory, DownloadSource? source = null, HttpClient? http = null) =>
        Mnist.Download(directory, source ?? DefaultSource, http);
}
