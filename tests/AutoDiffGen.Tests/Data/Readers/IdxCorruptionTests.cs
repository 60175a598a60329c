using System.Buffers.Binary;

namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>Every way an IDX file can be damaged ends in a DatasetFormatException naming the file and the byte offset.</summary>
public class IdxCorruptionTests
{
    private static DatasetFormatException Read(TempDir dir, byte[] images, byte[] labels)
    {
        var imagesPath = dir.Write("images", images);
        var labelsPath = dir.Write("labels", labels);
        return Assert.Throws<DatasetFormatException>(() => Mnist.FromFiles(imagesPath, labelsPath));
    }

    private static void AssertAt(DatasetFormatException e, string path, long offset, string text)
    {
        Assert.Equal(path, e.FilePath);
        Assert.Equal(offset, e.Offset);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", e.Message, StringComparison.Ordinal);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_header_names_where_the_file_ends()
    {
        using var dir = new TempDir();
        var e = Read(dir, Fixtures.IdxImages(3, 4, 4)[..10], Fixtures.IdxLabels(1, 2, 3));
        AssertAt(e, dir["images"], 10, "truncated header");
    }

    [Fact]
    public void A_file_too_short_for_the_magic_number_is_a_truncated_header()
    {
        using var dir = new TempDir();
        var e = Read(dir, Fixtures.IdxImages(3, 4, 4), [0, 0]);
        Assert.Equal(dir["labels"], e.FilePath);
        Assert.Equal(2, e.Offset);
        Assert.Contains("truncated header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_images_and_labels_are_a_wrong_magic_number_with_a_hint()
    {
        using var dir = new TempDir();
        var e = Read(dir, Fixtures.IdxLabels(1, 2, 3), Fixtures.IdxImages(3, 4, 4));
        AssertAt(e, dir["images"], 0, "wrong magic number 0x00000801");
        Assert.Contains("swapped", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_idx_is_a_wrong_magic_number()
    {
        using var dir = new TempDir();
        var e = Read(dir, "<html>not found</html>"u8.ToArray(), Fixtures.IdxLabels(1));
        AssertAt(e, dir["images"], 0, "not an IDX file");
    }

    [Fact]
    public void Truncated_image_data_names_the_end_of_the_file_and_the_cut_image()
    {
        using var dir = new TempDir();
        var full = Fixtures.IdxImages(5, 4, 4);
        var cut = full[..(16 + (3 * 16) + 7)];
        var e = Read(dir, cut, Fixtures.IdxLabels(Fixtures.Labels(5)));
        AssertAt(e, dir["images"], cut.Length, "truncated images data");
        Assert.Contains("inside item 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_labels_are_found_too()
    {
        using var dir = new TempDir();
        var labels = Fixtures.IdxLabels(Fixtures.Labels(5))[..11];
        var e = Read(dir, Fixtures.IdxImages(5, 4, 4), labels);
        AssertAt(e, dir["labels"], 11, "truncated labels data");
    }

    [Fact]
    public void Bytes_after_the_declared_data_are_an_error_not_ignored()
    {
        using var dir = new TempDir();
        var e = Read(dir, [.. Fixtures.IdxImages(2, 4, 4), 1, 2, 3], Fixtures.IdxLabels(1, 2));
        AssertAt(e, dir["images"], 16 + 32, "3 unexpected bytes");
    }

    [Fact]
    public void A_zero_row_count_is_rejected_at_its_header_field()
    {
        using var dir = new TempDir();
        var images = Fixtures.IdxImages(2, 4, 4);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 0);
        var e = Read(dir, images, Fixtures.IdxLabels(1, 2));
        AssertAt(e, dir["images"], 8, "dimension 1");
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        using var dir = new TempDir();
        var e = Read(dir, Fixtures.IdxImages(5, 4, 4), Fixtures.IdxLabels(1, 2, 3, 4));
        AssertAt(e, dir["labels"], 4, "4 labels");
        Assert.Contains("5 images", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(-4)]   // only the trailer's length field is missing
    [InlineData(-8)]   // the whole trailer is missing: the deflate data is complete
    public void A_truncated_gzip_stream_is_an_error_at_its_compressed_length(double cut)
    {
        using var dir = new TempDir();
        var gzip = Fixtures.Gzip(Fixtures.IdxImages(40, 28, 28));
        var length = cut > 0 ? (int)(gzip.Length * cut) : gzip.Length + (int)cut;
        var e = Read(dir, gzip[..length], Fixtures.IdxLabels(Fixtures.Labels(40)));
        AssertAt(e, dir["images"], length, "truncated or corrupt gzip stream");
    }

    [Fact]
    public void A_gzip_stream_shorter_than_any_complete_one_is_truncated()
    {
        using var dir = new TempDir();
        var e = Read(dir, Fixtures.Gzip(Fixtures.IdxImages(2, 4, 4))[..12], Fixtures.IdxLabels(1, 2));
        AssertAt(e, dir["images"], 12, "truncated or corrupt gzip stream");
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_a_format_error()
    {
        using var dir = new TempDir();
        var gzip = Fixtures.Gzip(Fixtures.IdxImages(40, 28, 28));
        for (var i = gzip.Length / 3; i < gzip.Length / 2; i++)
        {
            gzip[i] ^= 0x5a;
        }

        var e = Read(dir, gzip, Fixtures.IdxLabels(Fixtures.Labels(40)));
        Assert.Equal(dir["images"], e.FilePath);
        Assert.NotNull(e.Offset);
        Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_inside_a_gzip_file_are_said_to_be_in_the_decompressed_data()
    {
        using var dir = new TempDir();
        var cut = Fixtures.IdxImages(3, 4, 4)[..40];
        var e = Read(dir, Fixtures.Gzip(cut), Fixtures.IdxLabels(1, 2, 3));
        AssertAt(e, dir["images"], 40, "decompressed offset 40");
    }
}
