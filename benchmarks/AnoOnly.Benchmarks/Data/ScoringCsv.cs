using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>
    /// A CSV as a user would bring it to <c>anoonly score</c>: a text id, <see cref="SyntheticRows"/>' features printed as
    /// the shortest text that reads back to the same float, and a 0/1 label. Written as bytes in large pieces, so that ten
    /// million rows take seconds, not minutes.
    /// </summary>
    internal static class ScoringCsv
    {
        /// <summary>Writes rows [0, <paramref name="rows"/>) of the synthetic set; returns the file's size in bytes.</summary>
        public static long Write(string path, long rows, int featureCount, int seed)
        {
            var generator = new SyntheticRows(featureCount, seed);
            var features = new float[featureCount];
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            var header = new StringBuilder("id");
            for (int j = 0; j < featureCount; j++)
                header.Append(",f").Append(j);
            file.Write(Encoding.ASCII.GetBytes(header.Append(",label\n").ToString()));
            byte[] buffer = new byte[1 << 20];
            int used = 0;
            for (long i = 0; i < rows; i++)
            {
                if (buffer.Length - used < 32 * (featureCount + 2))
                {
                    file.Write(buffer, 0, used);
                    used = 0;
                }
                (_, bool labeled) = generator.Fill(i, features);
                Span<byte> line = buffer.AsSpan(used);
                int at = 0;
                line[at++] = (byte)'r';
                i.TryFormat(line[at..], out int written, "D8", CultureInfo.InvariantCulture);
                at += written;
                foreach (float value in features)
                {
                    line[at++] = (byte)',';
                    value.TryFormat(line[at..], out written, "R", CultureInfo.InvariantCulture);
                    at += written;
                }
                line[at++] = (byte)',';
                line[at++] = labeled ? (byte)'1' : (byte)'0';
                line[at++] = (byte)'\n';
                used += at;
            }
            file.Write(buffer, 0, used);
            return file.Length;
        }
    }
}
