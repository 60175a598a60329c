namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>CIFAR-10 binary batches written record by record.</summary>
public class Cifar10Tests
{
    /// <summary>Five training batches of two records each (labels 0..9) and a test batch of three.</summary>
    private static void WriteBatches(TempDir dir, string folder)
    {
        for (var b = 0; b < 5; b++)
        {
            dir.Write(Path.Combine(folder, $"data_batch_{b + 1}.bin"), Fixtures.CifarRecords(2 * b, (byte)(2 * b), (byte)((2 * b) + 1)));
        }

        dir.Write(Path.Combine(folder, "test_batch.bin"), Fixtures.CifarRecords(100, 9, 0, 4));
    }

    [Fact]
    public void Load_reads_the_training_batches_in_order_and_turns_CHW_into_HWC()
    {
        using var dir = new TempDir();
        WriteBatches(dir, "cifar-10-batches-bin");

        var cifar = Cifar10.Load(dir.Path);

        Assert.Equal(10, cifar.Count);
        Assert.Equal("truck", cifar.Classes[9]);
        for (var r = 0; r < 10; r++)
        {
            var (image, label) = cifar[r];
            Assert.Equal(r, label);
            Assert.Equal(r, cifar.LabelAt(r));
            Assert.Equal((32, 32, 3), (image.Height, image.Width, image.Channels));
            foreach (var (y, x) in new[] { (0, 0), (0, 31), (17, 5), (31, 31) })
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(Fixtures.CifarPixel(r, c, y, x), image[y, x, c]);
                }
            }
        }
    }

    [Fact]
    public void Load_reads_the_test_batch_from_the_root_itself()
    {
        using var dir = new TempDir();
        WriteBatches(dir, "");

        var test = Cifar10.Load(dir.Path, train: false);

        Assert.Equal([9L, 0, 4], test.Select(s => s.Label));
        Assert.Equal(Fixtures.CifarPixel(102, 2, 3, 4), test[2].Image[3, 4, 2]);
    }

    [Fact]
    public void ToTensors_keeps_CHW_in_0_1()
    {
        using var dir = new TempDir();
        var path = dir.Write("batch.bin", Fixtures.CifarRecords(0, 3, 1));

        var (images, labels) = Cifar10.FromFiles(path).ToTensors();

        Assert.Equal([2, 3, 32, 32], images.Shape.ToArray());
        Assert.Equal(DType.Float32, images.DType);
        Assert.Equal([3L, 1], labels.ToArray<long>());
        var values = images.ToArray<float>();
        Assert.Equal(Fixtures.CifarPixel(1, 2, 10, 20) / 255f, values[3072 + (2 * 1024) + (10 * 32) + 20]);
    }

    [Fact]
    public void A_partial_record_names_the_file_and_the_offset_where_it_starts()
    {
        using var dir = new TempDir();
        var records = Fixtures.CifarRecords(0, 1, 2, 3);
        var path = dir.Write("data_batch_1.bin", records[..((2 * 3073) + 100)]);

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10.FromFiles(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(2 * 3073, e.Offset);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("record 2 at offset 6146 has only 100 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_0_to_9_is_an_error_at_its_record()
    {
        using var dir = new TempDir();
        var path = dir.Write("batch.bin", Fixtures.CifarRecords(0, 1, 42));

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10.FromFiles(path));

        Assert.Equal(3073, e.Offset);
        Assert.Contains("label 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_batch_is_an_error()
    {
        using var dir = new TempDir();
        var path = dir.Write("batch.bin", []);
        Assert.Equal(0, Assert.Throws<DatasetFormatException>(() => Cifar10.FromFiles(path)).Offset);
    }

    [Fact]
    public void Missing_batches_name_the_files_and_the_download_option()
    {
        using var dir = new TempDir();
        WriteBatches(dir, "cifar-10-batches-bin");
        File.Delete(dir["cifar-10-batches-bin/data_batch_4.bin"]);

        var e = Assert.Throws<FileNotFoundException>(() => Cifar10.Load(dir.Path));

        Assert.Contains("data_batch_4.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("download: true", e.Message, StringComparison.Ordinal);
    }
}
