using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>A customer table as it comes from a file: numbers (some blank), a text category, a unique id, a label.</summary>
    public sealed class CustomerRow
    {
        public string CustomerId { get; set; } = "";

        public float Amount { get; set; }

        public double Balance { get; set; }

        public int Visits { get; set; }

        public string Region { get; set; } = "";

        /// <summary>True: a known (labeled) anomaly. Every other row is unlabeled.</summary>
        public bool Label { get; set; }
    }

    /// <summary>The same table at scoring time: no label, no id.</summary>
    public sealed class CustomerToScore
    {
        public float Amount { get; set; }

        public double Balance { get; set; }

        public int Visits { get; set; }

        public string Region { get; set; } = "";
    }

    /// <summary>
    /// Seeded raw tables whose anomalies differ from normal rows ONLY in the region: normal customers live in five
    /// regions, anomalies in a rare sixth one, and every numeric column has the same distribution for both.
    /// </summary>
    internal static class RawTable
    {
        public const string RareRegion = "Atlantis";
        private static readonly string[] Regions = { "North", "South", "East", "West", "Central" };

        /// <summary>Rows and their truth. <paramref name="labeledAnomalies"/> of the anomalies carry Label = true.</summary>
        public static (List<CustomerRow> Rows, bool[] IsAnomaly) Customers(int rows, double anomalyShare, int labeledAnomalies, int seed,
            double blankShare = 0)
        {
            var random = new Random(seed);
            var table = new List<CustomerRow>(rows);
            var truth = new bool[rows];
            int labeled = 0;
            for (int i = 0; i < rows; i++)
            {
                bool anomaly = random.NextDouble() < anomalyShare;
                truth[i] = anomaly;
                table.Add(new CustomerRow
                {
                    CustomerId = $"C{seed:D2}-{i:D6}-{random.Next():x8}",
                    Amount = random.NextDouble() < blankShare ? float.NaN : (float)(50 + 20 * Normal(random)),
                    Balance = 1000 + 300 * Normal(random),
                    Visits = random.Next(0, 30),
                    Region = anomaly ? RareRegion : Regions[random.Next(Regions.Length)],
                    Label = anomaly && labeled++ < labeledAnomalies,
                });
            }
            return (table, truth);
        }

        public static IEnumerable<CustomerToScore> ForScoring(IEnumerable<CustomerRow> rows)
            => rows.Select(r => new CustomerToScore { Amount = r.Amount, Balance = r.Balance, Visits = r.Visits, Region = r.Region });

        private static double Normal(Random random)
            => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
