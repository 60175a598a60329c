namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>MNIST-style IDX files written byte by byte, read back raw and gzip-compressed.</summary>
public class MnistTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_reads_every_image_and_label_of_the_training_split(bool gzip)
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 12, gzip);
        Fixtures.WriteMnist(dir, train: false, count: 3, gzip);

        var mnist = Mnist.Load(dir.Path, train: true);

        Assert.Equal(12, mnist.Count);
        Assert.Equal((28, 28), (mnist.Height, mnist.Width));
        Assert.Equal(Mnist.DigitClasses, mnist.Classes);
        for (var i = 0; i < mnist.Count; i++)
        {
            var (image, label) = mnist[i];
            Assert.Equal((28, 28, 1), (image.Height, image.Width, image.Channels));
            Assert.Equal(i % 10, label);
            Assert.Equal(i % 10, mnist.LabelAt(i));
            Assert.Equal(Fixtures.Pixel(i, 0, 0), image[0, 0, 0]);
            Assert.Equal(Fixtures.Pixel(i, 27, 13), image[27, 13, 0]);
            Assert.Equal(Fixtures.Pixel(i, 5, 27), image[5, 27, 0]);
        }
    }

    [Fact]
    public void Load_reads_the_test_split_from_the_t10k_files()
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 12, gzip: false);
        Fixtures.WriteMnist(dir, train: false, count: 3, gzip: true);

        var test = Mnist.Load(dir.Path, train: false);

        Assert.Equal(3, test.Count);
        Assert.Equal(2, test[2].Label);
    }

    [Fact]
    public void Gzip_is_told_apart_by_content_not_by_name()
    {
        using var dir = new TempDir();
        var images = dir.Write("images.bin", Fixtures.Gzip(Fixtures.IdxImages(4, 5, 6)));  // gzip without .gz
        var labels = dir.Write("labels.gz", Fixtures.IdxLabels(7, 8, 9, 0));                  // raw with .gz

        var mnist = Mnist.FromFiles(images, labels);

        Assert.Equal(4, mnist.Count);
        Assert.Equal((5, 6), (mnist.Height, mnist.Width));
        Assert.Equal([7L, 8, 9, 0], mnist.Select(s => s.Label));
        Assert.Equal(Fixtures.Pixel(3, 4, 5), mnist[3].Image[4, 5, 0]);
    }

    [Fact]
    public void A_multi_member_gzip_file_reads_whole()
    {
        using var dir = new TempDir();
        var images = Fixtures.IdxImages(6, 4, 4);
        var labels = Fixtures.IdxLabels(Fixtures.Labels(6));
        var imagesPath = dir.Write("images.gz", [.. Fixtures.Gzip(images[..50]), .. Fixtures.Gzip(images[50..])]);  // as `cat a.gz b.gz` makes
        var labelsPath = dir.Write("labels.gz", Fixtures.Gzip(labels));

        var mnist = Mnist.FromFiles(imagesPath, labelsPath);

        Assert.Equal(6, mnist.Count);
        Assert.Equal(Fixtures.Pixel(5, 3, 3), mnist[5].Image[3, 3, 0]);
    }

    [Fact]
    public void ToTensors_gives_all_images_in_0_1_and_int64_labels()
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 5, gzip: true, rows: 3, columns: 4);

        var (images, labels) = Mnist.Load(dir.Path).ToTensors();

        Assert.Equal(DType.Float32, images.DType);
        Assert.Equal([5, 1, 3, 4], images.Shape.ToArray());
        Assert.Equal(DType.Int64, labels.DType);
        Assert.Equal([0L, 1, 2, 3, 4], labels.ToArray<long>());
        var values = images.ToArray<float>();
        Assert.Equal(Fixtures.Pixel(4, 2, 3) / 255f, values[(4 * 12) + (2 * 4) + 3]);
        Assert.Equal(Fixtures.Pixel(0, 0, 1) / 255f, values[1]);
    }

    [Fact]
    public void ToTensors_equals_dividing_each_pixel_by_255_across_many_blocks()
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 30, gzip: false);  // 23,520 pixels: more than one conversion block
        var mnist = Mnist.Load(dir.Path);

        var values = mnist.ToTensors().Images.ToArray<float>();

        for (var i = 0; i < mnist.Count; i++)
        {
            var pixels = mnist[i].Image.Pixels;
            for (var p = 0; p < pixels.Length; p++)
            {
                Assert.Equal(pixels[p] / 255f, values[(i * 784) + p]);
            }
        }
    }

    [Fact]
    public void FashionMnist_reads_the_same_files_with_clothing_classes()
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 10, gzip: true);

        var fashion = FashionMnist.Load(dir.Path);

        Assert.Equal(10, fashion.Count);
        Assert.Equal("Ankle boot", fashion.Classes[(int)fashion[9].Label]);
    }

    [Fact]
    public void A_missing_file_says_where_it_was_looked_for_and_how_to_get_it()
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 2, gzip: false);
        File.Delete(dir["train-labels-idx1-ubyte"]);

        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Load(dir.Path));

        Assert.Contains("train-labels-idx1-ubyte", e.Message, StringComparison.Ordinal);
        Assert.Contains("download: true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_indexer_rejects_indices_outside_the_dataset()
    {
        using var dir = new TempDir();
        Fixtures.WriteMnist(dir, train: true, count: 2, gzip: false);
        var mnist = Mnist.Load(dir.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => mnist[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => mnist[-1]);
    }

    [Fact]
    public void The_default_sources_list_a_sha256_for_every_file()
    {
        string[] files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        foreach (var source in new[] { Mnist.DefaultSource, FashionMnist.DefaultSource })
        {
            Assert.Equal(files.Order(StringComparer.Ordinal), source.Sha256.Keys.Order(StringComparer.Ordinal));
            Assert.StartsWith("https://", source.BaseUri.AbsoluteUri, StringComparison.Ordinal);
        }

        Assert.Equal("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", Mnist.DefaultSource.Sha256["train-images-idx3-ubyte.gz"]);
        Assert.Equal(["cifar-10-binary.tar.gz"], Cifar10.DefaultSource.Sha256.Keys);
    }
}
