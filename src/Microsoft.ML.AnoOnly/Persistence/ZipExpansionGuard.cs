using System;
using System.IO;
using System.IO.Compression;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Refuses a model zip whose entries would expand out of proportion to the file before ML.NET reads it. ML.NET reads
    /// the zip with <see cref="ZipArchive"/>, which stops every entry at the uncompressed size its header declares, so the
    /// declared sizes bound what loading can decompress; this check bounds their sum. A trained model's weights hardly
    /// compress, so an honest model file stays far below the bound.
    /// </summary>
    internal static class ZipExpansionGuard
    {
        /// <summary>The uncompressed bytes allowed per byte of file, beyond <see cref="Allowance"/>.</summary>
        public const long MaxExpansion = 64;

        /// <summary>Uncompressed bytes any model file may hold, however small (64 MB).</summary>
        public const long Allowance = 64L << 20;

        /// <summary>Throws <see cref="AnoOnlyModelFormatException"/> naming <paramref name="source"/> when the zip in
        /// <paramref name="stream"/> (seekable, read from its current position, which is restored) declares more
        /// uncompressed bytes than allowed. A stream that is not a readable zip is left to ML.NET to report.</summary>
        public static void Check(Stream stream, string source, string? filePath)
        {
            if (!stream.CanSeek)
                return;
            long start = stream.Position, length = stream.Length - start, declared = 0;
            try
            {
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                foreach (ZipArchiveEntry entry in zip.Entries)
                    declared += entry.Length;
            }
            catch (InvalidDataException)
            {
                return;
            }
            finally
            {
                stream.Position = start;
            }
            long allowed = Allowance + MaxExpansion * length;
            if (declared > allowed)
                throw ModelFileReader.Failure(
                    $"{source} declares {declared:N0} bytes of content in {length:N0} bytes; a model file may expand to at most " +
                    $"{allowed:N0} bytes ({MaxExpansion} times its size plus {Allowance >> 20} MB). It is not a model saved by ML.NET, " +
                    "or it was made to exhaust memory.", filePath, null);
        }
    }
}
