namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>Class folders of PNG, BMP and JPEG files, encoded in the test.</summary>
public class ImageFolderTests
{
    /// <summary>
    /// root/zebra/z.png, root/Apple/{b.bmp, a.png, notes.txt, nested/c.jpg}, root/cat/{1.png (grey), 0.png}:
    /// ordinal order puts "Apple" (capital) before "cat".
    /// </summary>
    private static TempDir Build()
    {
        var dir = new TempDir();
        dir.Write("zebra/z.png", Fixtures.Png(Fixtures.Rgb(4, 5, 1), 5, 4));
        dir.Write("Apple/b.bmp", Fixtures.Bmp(Fixtures.Rgb(3, 2, 2), 2, 3));
        dir.Write("Apple/a.png", Fixtures.Png(Fixtures.Rgb(2, 2, 3), 2, 2));
        dir.WriteText("Apple/notes.txt", "not an image");
        dir.Write("Apple/nested/c.jpg", Fixtures.Jpeg(Fixtures.Rgb(8, 8, 4), 8, 8));
        dir.Write("cat/1.png", Fixtures.Png([0, 128, 255, 64], 2, 2, channels: 1));
        dir.Write("cat/0.PNG", Fixtures.Png(Fixtures.Rgb(1, 1, 5), 1, 1));
        return dir;
    }

    [Fact]
    public void Classes_are_the_sub_folders_in_ordinal_order()
    {
        using var dir = Build();

        var folder = new ImageFolder(dir.Path);

        Assert.Equal(["Apple", "cat", "zebra"], folder.Classes);
        Assert.Equal(1, folder.ClassToIndex["cat"]);
        Assert.Equal(
            ["Apple/a.png", "Apple/b.bmp", "Apple/nested/c.jpg", "cat/0.PNG", "cat/1.png", "zebra/z.png"],
            folder.Samples.Select(s => Path.GetRelativePath(dir.Path, s.Path).Replace('\\', '/')));
        Assert.Equal([0L, 0, 0, 1, 1, 2], folder.Samples.Select(s => s.Label));
    }

    [Fact]
    public void Png_and_bmp_decode_to_the_exact_pixels_and_jpeg_to_close_ones()
    {
        using var dir = Build();
        var folder = new ImageFolder(dir.Path);

        var (png, pngLabel) = folder[5];
        Assert.Equal(2, pngLabel);
        Assert.Equal((4, 5, 3), (png.Height, png.Width, png.Channels));
        Assert.Equal(Fixtures.Rgb(4, 5, 1), png.Pixels);

        var bmp = folder[1].Image;
        Assert.Equal((3, 2, 3), (bmp.Height, bmp.Width, bmp.Channels));
        Assert.Equal(Fixtures.Rgb(3, 2, 2), bmp.Pixels);

        var jpeg = folder[2].Image;
        Assert.Equal((8, 8, 3), (jpeg.Height, jpeg.Width, jpeg.Channels));
        var expected = Fixtures.Rgb(8, 8, 4);
        var meanError = jpeg.Pixels.Select((p, i) => Math.Abs(p - expected[i])).Average();
        Assert.InRange(meanError, 0, 40);
    }

    [Fact]
    public void Grey_files_are_converted_to_the_requested_channels()
    {
        using var dir = Build();

        var rgb = new ImageFolder(dir.Path)[4].Image;
        var grey = new ImageFolder(dir.Path, channels: 1)[4].Image;

        Assert.Equal([0, 0, 0, 128, 128, 128, 255, 255, 255, 64, 64, 64], rgb.Pixels);
        Assert.Equal([0, 128, 255, 64], grey.Pixels);
        Assert.Equal(1, grey.Channels);
        Assert.Equal(4, new ImageFolder(dir.Path, channels: 4)[4].Image.Channels);
    }

    [Fact]
    public void Decoding_from_many_threads_gives_the_same_images()
    {
        using var dir = Build();
        var folder = new ImageFolder(dir.Path);
        var expected = Enumerable.Range(0, folder.Count).Select(i => folder[i].Image.Pixels).ToArray();

        var results = new byte[folder.Count * 20][];
        Parallel.For(0, results.Length, i => results[i] = folder[i % folder.Count].Image.Pixels);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % folder.Count], results[i]);
        }
    }

    [Fact]
    public void A_damaged_file_fails_when_read_naming_it()
    {
        using var dir = Build();
        var png = Fixtures.Png(Fixtures.Rgb(4, 4, 9), 4, 4);
        var path = dir.Write("zebra/z.png", png[..(png.Length / 2)]);
        var folder = new ImageFolder(dir.Path);

        var e = Assert.Throws<DatasetFormatException>(() => folder[5]);

        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.NotNull(folder[0].Image);
    }

    [Fact]
    public void A_class_folder_without_images_is_an_error_naming_it()
    {
        using var dir = Build();
        Directory.CreateDirectory(dir["empty"]);
        dir.WriteText("docs/readme.txt", "no images here");

        var e = Assert.Throws<FileNotFoundException>(() => new ImageFolder(dir.Path));

        Assert.Contains("docs, empty", e.Message, StringComparison.Ordinal);
        Assert.Contains(".png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extensions_can_be_chosen()
    {
        using var dir = Build();

        var pngOnly = new ImageFolder(dir.Path, extensions: [".png"]);

        Assert.Equal(4, pngOnly.Count);
        Assert.Throws<DirectoryNotFoundException>(() => new ImageFolder(dir["missing"]));
    }
}
