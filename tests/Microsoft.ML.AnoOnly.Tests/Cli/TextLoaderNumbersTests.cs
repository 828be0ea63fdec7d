using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.ML.AnoOnly.Cli.Scoring;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>The streaming reader's number parser gives the bits ML.NET's TextLoader gives, on every string it accepts.</summary>
    public sealed class TextLoaderNumbersTests
    {
        [Test]
        public void AgreesWithTextLoaderOnAMillionNumbers()
        {
            var random = new Random(7);
            string[] fields = Enumerable.Range(0, 1_000_000).Select(_ => RandomNumber(random)).ToArray();
            string path = Path.Combine(Path.GetTempPath(), "anoonly-numbers-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                // A row number first: a line holding only a blank field would be a blank line, which TextLoader skips.
                File.WriteAllText(path, "i,x\n" + string.Join("\n", fields.Select((f, i) => $"{i},{f}")) + "\n");
                var ml = new MLContext(seed: 1);
                IDataView view = ml.Data.CreateTextLoader(new TextLoader.Options
                {
                    Columns = new[] { new TextLoader.Column("x", DataKind.Single, 1) },
                    Separators = new[] { ',' },
                    HasHeader = true,
                    MissingRealsAsNaNs = true,
                }).Load(path);
                float[] expected = view.GetColumn<float>("x").ToArray();
                Assert.That(expected, Has.Length.EqualTo(fields.Length));
                int accepted = 0;
                for (int i = 0; i < fields.Length; i++)
                {
                    if (!TextLoaderNumbers.TryParse(Encoding.ASCII.GetBytes(fields[i]), out float value))
                        continue;
                    accepted++;
                    Assert.That(BitConverter.SingleToInt32Bits(value), Is.EqualTo(BitConverter.SingleToInt32Bits(expected[i])),
                        $"'{fields[i]}': {value:R} here, {expected[i]:R} from TextLoader");
                }
                TestContext.Out.WriteLine($"{accepted:N0} of {fields.Length:N0} strings accepted and read as TextLoader reads them.");
                Assert.That(accepted, Is.GreaterThan(fields.Length * 9 / 10));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void RefusesWhatTextLoaderReadsOtherwise()
        {
            foreach (string text in new[] { " 1", "1 ", "1e", "1e+", "-", "+", ".", "NA", "Infinity", "1,5", "0x10", "1..2", "--1", "1e5x" })
                Assert.That(TextLoaderNumbers.TryParse(Encoding.ASCII.GetBytes(text), out _), Is.False, text);
            foreach (string text in new[] { "", "?", "NaN" })
            {
                Assert.That(TextLoaderNumbers.TryParse(Encoding.ASCII.GetBytes(text), out float missing), Is.True, text);
                Assert.That(missing, Is.NaN, text);
            }
        }

        /// <summary>ML.NET's table of powers of ten is what the parser multiplies by; a change to it in a new ML.NET must show.</summary>
        [Test]
        public void PowersOfTenAreMlNetsOwn()
        {
            Type parser = typeof(TextLoader).Assembly.GetReferencedAssemblies()
                .Select(Assembly.Load).Append(typeof(TextLoader).Assembly)
                .Select(a => a.GetType("Microsoft.ML.Internal.Utilities.DoubleParser")).FirstOrDefault(t => t != null)
                ?? throw new AssertionException("ML.NET's DoubleParser was not found: check TextLoaderNumbers against the new ML.NET.");
            double[] Table(string name) => (double[])(parser.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
                ?? throw new AssertionException($"DoubleParser.{name} was not found: check TextLoaderNumbers against the new ML.NET."));
            Assert.That(TextLoaderNumbers.PositivePowers, Is.EqualTo(Table("_mpe10Dbl")));
            Assert.That(TextLoaderNumbers.NegativePowers, Is.EqualTo(Table("_mpne10Dbl")));
        }

        /// <summary>Numbers as files hold them: floats and doubles printed shortest or fixed, integers, long digit strings,
        /// every exponent the tables cover and beyond, signs, leading and trailing points, and a few malformed ones.</summary>
        private static string RandomNumber(Random random)
        {
            string sign = random.Next(6) switch { 0 => "-", 1 => "+", _ => "" };
            switch (random.Next(10))
            {
                case 9:
                {
                    // Just above the midpoint of two floats, in more digits than ML.NET keeps: a correctly rounded parser
                    // rounds up, ML.NET (which drops the digits past its 64-bit integer) rounds to the even neighbour.
                    float f = (float)(random.NextDouble() * Math.Pow(10, random.Next(-8, 8)));
                    double midpoint = ((double)f + MathF.BitIncrement(f)) / 2;
                    return sign + midpoint.ToString("F40", CultureInfo.InvariantCulture).TrimEnd('0') + "000000001";
                }
                case 0: return ((float)(random.NextDouble() * Math.Pow(10, random.Next(-45, 39)))).ToString("R", CultureInfo.InvariantCulture);
                case 1: return (random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture);
                case 2: return sign + (random.NextDouble() * 1000).ToString("F" + random.Next(0, 9), CultureInfo.InvariantCulture);
                case 3: return sign + random.NextInt64().ToString(CultureInfo.InvariantCulture) + random.Next(0, 100000).ToString(CultureInfo.InvariantCulture);
                case 4: return sign + random.Next(0, 100000) + "e" + random.Next(-80, 50);
                case 5: return sign + "." + random.Next(0, 1000000);
                case 6: return sign + random.Next(0, 1000) + ".";
                case 7: return sign + "0." + new string('0', random.Next(0, 50)) + random.Next(1, 1000000);
                default: return new[] { "", "?", "NaN", "1e", "abc", "1.2.3", "-", "Infinity", "1e400", "-1e-400" }[random.Next(10)];
            }
        }
    }
}
