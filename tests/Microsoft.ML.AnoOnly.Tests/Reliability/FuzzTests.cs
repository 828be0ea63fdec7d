using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Property-based: random shapes and values thrown at fit and score give a valid result (finite threshold,
    /// no NaN score, a saved and reloaded model that scores the same) or a typed exception
    /// (<see cref="AnoOnlyInputException"/>, <see cref="AnoOnlyTrainingException"/>,
    /// <see cref="AnoOnlyModelFormatException"/> or another <see cref="ArgumentException"/>), nothing else.
    /// Replayed from a fixed seed so that every run checks the same cases. The cases must include both refused
    /// and successful fits: a generator that drifted to only garbage (or only clean input) would check one side
    /// of the contract alone, so it fails the test.
    /// </summary>
    public class FuzzTests
    {
        public enum LabelKind
        {
            Single,
            Boolean,
            Double,
            Missing,
        }

        public sealed record FuzzCase(AnoOnlyBackbone Backbone, int Width, bool KnownSize, bool DoubleFeatures, LabelKind Label,
            float[][] Rows, bool[] Labels, float[][] ScoringRows)
        {
            public override string ToString() =>
                $"{Backbone}, {Rows.Length} rows x {Width} ({(KnownSize ? "known" : "variable")} size, {(DoubleFeatures ? "Double" : "Single")}), " +
                $"{Label} label with {Labels.Count(l => l)} anomalies, values [{string.Join("; ", Rows.Take(3).Select(r => string.Join(",", r)))}...], " +
                $"scoring widths [{string.Join(",", ScoringRows.Select(r => r.Length))}]";
        }

        public sealed class ScoringRow
        {
            [VectorType]
            public float[] Features = Array.Empty<float>();
        }

        public sealed class Scored
        {
            public float Score;
        }

        private static readonly float[] Hostile = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, float.MaxValue, 0f, -3.5f };

        private static Gen<float> Values(bool dirty) => dirty
            ? Gen.Frequency((6, Gen.Choose(0, 1000).Select(i => i / 1000f)), (1, Gen.Elements(Hostile)))
            : Gen.Choose(0, 1000).Select(i => i / 1000f);

        private static readonly Gen<FuzzCase> Cases =
            from backbone in Gen.Elements(Backbones.All)
            from width in Gen.Choose(1, 5)
            from rowCount in Gen.Frequency((1, Gen.Choose(0, 3)), (4, Gen.Choose(4, 40)))
            from knownSize in Gen.Frequency((6, Gen.Constant(true)), (1, Gen.Constant(false)))
            from doubles in Gen.Frequency((8, Gen.Constant(false)), (1, Gen.Constant(true)))
            from label in Gen.Frequency((4, Gen.Constant(LabelKind.Single)), (4, Gen.Constant(LabelKind.Boolean)),
                (1, Gen.Constant(LabelKind.Double)), (1, Gen.Constant(LabelKind.Missing)))
            from dirty in Gen.Frequency((3, Gen.Constant(false)), (2, Gen.Constant(true)))
            from rows in Gen.ArrayOf(Gen.ArrayOf(Values(dirty && rowCount > 0), width), rowCount)
            from labels in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false))), rowCount)
            from scoring in Gen.ArrayOf(Gen.Elements(width, width, width + 1, Math.Max(1, width - 1)).SelectMany(w => Gen.ArrayOf(Values(true), w)), 4)
            select new FuzzCase(backbone, width, knownSize, doubles && knownSize, label, rows, labels, scoring);

        private static bool Typed(Exception e) =>
            e is AnoOnlyInputException or AnoOnlyTrainingException or AnoOnlyModelFormatException or ArgumentException;

        private static IDataView View(MLContext ml, FuzzCase c)
        {
            float[] single = c.Labels.Select(l => l ? 1f : 0f).ToArray();
            return c switch
            {
                { DoubleFeatures: true } => Tables.DoubleFeatures(ml, c.Rows, single),
                { Label: LabelKind.Boolean } => Tables.Boolean(ml, c.Rows, c.Labels),
                { Label: LabelKind.Double } => Tables.WithLabel(ml, c.Rows, single.Select(l => (double)l).ToArray()),
                { Label: LabelKind.Missing } => Tables.FeaturesOnly(ml, c.Rows, c.KnownSize ? c.Width : 0),
                _ => Tables.Single(ml, c.Rows, single, c.KnownSize ? c.Width : 0),
            };
        }

        private static void Check(FuzzCase c, OutcomeTally tally)
        {
            var ml = new MLContext(1);
            IDataView data = View(ml, c);
            AnoOnlyTrainer.Options options = Backbones.Tiny(c.Backbone);
            options.NumberOfEpochs = 1;
            options.BatchesPerEpoch = 2;
            options.BatchSize = 8;
            AnoOnlyTransformer model;
            try
            {
                model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(data);
            }
            catch (Exception e) when (Typed(e))
            {
                tally.Add($"{FitRefused}: {e.GetType().Name}");
                return;
            }
            tally.Add(FitSucceeded);
            Assert.That(float.IsNaN(model.Threshold), Is.False, "threshold");

            using var folder = new TempFolder();
            ml.Model.SaveAtomic(model, data.Schema, folder.File("model.zip"));
            ITransformer loaded = ml.Model.LoadValidated(folder.File("model.zip"), out _);
            var engines = new[]
            {
                ml.Model.CreatePredictionEngine<ScoringRow, Scored>(model),
                ml.Model.CreatePredictionEngine<ScoringRow, Scored>(loaded),
            };
            foreach (float[] row in c.ScoringRows.Concat(c.Rows))
            {
                float?[] scores = engines.Select(engine =>
                {
                    try
                    {
                        float score = engine.Predict(new ScoringRow { Features = row }).Score;
                        Assert.That(float.IsNaN(score), Is.False, $"NaN score for [{string.Join(",", row)}]");
                        tally.Add("row scored");
                        return (float?)score;
                    }
                    catch (Exception e) when (Typed(e))
                    {
                        tally.Add($"row refused: {e.GetType().Name}");
                        return null;
                    }
                }).ToArray();
                Assert.That(scores[1], Is.EqualTo(scores[0]), "the reloaded model scores like the trained one");
            }
        }

        private const string FitRefused = "fit refused", FitSucceeded = "fit succeeded";

        /// <summary>The fixed replay seed and case count: every run checks the same 60 cases.</summary>
        private static readonly Config Replayed = Config.QuickThrowOnFailure
            .WithMaxTest(60)
            .WithQuietOnSuccess(true)
            .WithReplay(new Replay(new Rnd(20261129UL, 4711UL), FSharpOption<int>.None));

        [Test]
        public void FitAndScoreGiveAValidResultOrATypedException()
        {
            var tally = new OutcomeTally();
            FsCheck.Check.One(Replayed, Prop.ForAll(Arb.From(Cases), c => Check(c, tally)));

            foreach (var outcome in tally.Counts.OrderBy(o => o.Key))
                TestContext.Out.WriteLine($"fuzz outcome {outcome.Key}: {outcome.Value}");
            int refused = tally.Counts.Where(o => o.Key.StartsWith(FitRefused, StringComparison.Ordinal)).Sum(o => o.Value);
            int succeeded = tally.Counts.GetValueOrDefault(FitSucceeded);
            Assert.Multiple(() =>
            {
                Assert.That(refused, Is.GreaterThan(0), "some cases must be refused with a typed exception");
                Assert.That(succeeded, Is.GreaterThan(0), "some cases must fit");
            });
        }

        /// <summary>How often each outcome occurred among the cases of one run.</summary>
        private sealed class OutcomeTally
        {
            public ConcurrentDictionary<string, int> Counts { get; } = new();

            public void Add(string outcome) => Counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }
    }
}
