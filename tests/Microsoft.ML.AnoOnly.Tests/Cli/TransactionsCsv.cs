using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>
    /// A transactions table as a new user brings it: a text id, a text <c>region</c>, ten numeric columns with some blank
    /// cells, and <c>is_fraud</c> = 1 on a few known frauds. The frauds differ from the other rows ONLY in their region (a
    /// rare one); every number has the same distribution for both, so only the category can find them.
    /// </summary>
    internal static class TransactionsCsv
    {
        public const string RareRegion = "Atlantis";
        public static readonly string[] Regions = { "North", "South", "East", "West", "Central" };

        /// <summary>Writes the table; returns which rows are frauds. The first <paramref name="labeledFrauds"/> frauds carry
        /// <c>is_fraud = 1</c>.</summary>
        public static bool[] Write(string path, int rows, int seed, int labeledFrauds, double blankShare = 0.03, bool withLabel = true,
            string? regionOverride = null)
        {
            var random = new Random(seed);
            var text = new StringBuilder("tx_id,region");
            for (int j = 0; j < 10; j++)
                text.Append(",v").Append(j);
            text.Append(withLabel ? ",is_fraud\n" : "\n");
            var truth = new bool[rows];
            int labeled = 0;
            for (int i = 0; i < rows; i++)
            {
                bool fraud = random.NextDouble() < 0.05;
                truth[i] = fraud;
                string region = regionOverride ?? (fraud ? RareRegion : Regions[random.Next(Regions.Length)]);
                text.Append(CultureInfo.InvariantCulture, $"T{seed}-{i:D6},{region}");
                for (int j = 0; j < 10; j++)
                {
                    double value = 50 + 20 * Normal(random);
                    text.Append(',');
                    if (random.NextDouble() >= blankShare)
                        text.Append(value.ToString("F4", CultureInfo.InvariantCulture));
                }
                if (withLabel)
                    text.Append(fraud && labeled++ < labeledFrauds ? ",1" : ",0");
                text.Append('\n');
            }
            File.WriteAllText(path, text.ToString());
            return truth;
        }

        private static double Normal(Random random)
            => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
