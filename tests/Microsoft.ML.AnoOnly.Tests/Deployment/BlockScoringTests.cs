using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// Scoring a block of rows (matrix-matrix kernels) gives every row the same score as scoring it alone, for every
    /// backbone x loss; the block cursor of Transform serves the same rows, columns and errors as row-by-row scoring.
    /// </summary>
    public class BlockScoringTests
    {
        public static string[] Models => FixtureModels.Names;

        [TestCaseSource(nameof(Models))]
        public void BlockScoresEqualRowScores(string name)
        {
            var ml = new MLContext(seed: 1);
            IAnomalyScorer scorer = FixtureModels.Load(ml, name).LastTransformer.Scorer;
            float[][] rows = FixtureModels.TestRows(ml, 203); // not a multiple of any block or tile size
            AssertBlockEqualsRows(scorer, rows);
        }

        /// <summary>The default ensemble (three networks and the kNN member, standardised and weighted) scores blocks the same way.</summary>
        [Test]
        public void BlockScoresEqualRowScoresForTheEnsemble()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, split) = TestData.SyntheticSplit(ml, rows: 600, features: 30);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(Reliability.Backbones.Tiny(AnoOnlyBackbone.Ensemble)).Fit(train);
            Assert.That(model.State.Members, Has.Count.EqualTo(5), "every member, the boosted trees included (five labeled anomalies)");
            AssertBlockEqualsRows(model.Scorer, split.Test.Features);

            // Transform scores its blocks on every core when they are worth it (the ensemble's are): the same bits.
            Assert.That(model.State.MultiplyAddsPerRow * ScoredDataView.BlockRows, Is.GreaterThanOrEqualTo(ParallelBlockScoring.HandOffWork));
            float[] transformed = model.Transform(split.Test.ToDataView(ml)).GetColumn<float>("Score").ToArray();
            Assert.That(transformed, Is.EqualTo(split.Test.Features.Select(r => model.Scorer.Score(r)).ToArray()));
        }

        /// <summary>A model of two members (the same network twice, combined with other weights) scores blocks the same way.</summary>
        [TestCaseSource(nameof(Models))]
        public void BlockScoresEqualRowScoresForSeveralMembers(string name)
        {
            var ml = new MLContext(seed: 1);
            ModelState state = TwoMembers(FixtureModels.Load(ml, name).LastTransformer.State);
            AssertBlockEqualsRows(new ModelScorer(state), FixtureModels.TestRows(ml, 67));
        }

        internal static ModelState TwoMembers(ModelState state)
        {
            MemberState first = state.Members[0].WithCombination(new ScoreCombination(0.7f, 0.25f, 1.5f));
            MemberState second = state.Members[0].WithCombination(new ScoreCombination(0.3f, -1f, 0.5f));
            return new ModelState(state.FeatureColumnName, state.FeatureCount, state.Threshold, new[] { first, second }, state.NormalReference);
        }

        private static void AssertBlockEqualsRows(IAnomalyScorer scorer, float[][] rows)
        {
            float[] block = new float[rows.Length];
            scorer.ScoreBlock(rows.SelectMany(r => r).ToArray(), rows.Length, block);
            for (int i = 0; i < rows.Length; i++)
            {
                float alone = scorer.Score(rows[i]);
                // The kernels accumulate every output in the same order alone and in a block: the same bits, well within
                // the 1e-5 relative the design allows.
                Assert.That(block[i], Is.EqualTo(alone).Within(1e-5 * Math.Max(1, Math.Abs(alone))), $"row {i}");
                Assert.That(BitConverter.SingleToInt32Bits(block[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(alone)), $"row {i}, bits");
            }
        }

        public sealed class LabeledRow
        {
            [VectorType(21)]
            public float[] Features = Array.Empty<float>();
            public float Label;
            public string Id = "";
        }

        /// <summary>Transform (block cursor, here with a label and a text column read along) gives the scores of the
        /// prediction engine (row by row), and the pass-through columns of the input, row for row: over several blocks,
        /// each scored while the next is read into the other half of the cursor's buffers.</summary>
        [TestCase("devnet-anomalyonly")]
        [TestCase("feawad-full")]
        public void TransformServesTheSameRowsAsRowByRowScoring(string name)
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = FixtureModels.Load(ml, name);
            float[][] features = FixtureModels.ManyRows(ml, 2 * ScoredDataView.BlockRows + 555);
            LabeledRow[] rows = features.Select((f, i) => new LabeledRow { Features = f, Label = i % 7, Id = $"row {i}" }).ToArray();
            IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(rows));

            var read = ml.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false).ToArray();
            using var engine = ml.Model.CreatePredictionEngine<LabeledRow, ScoredRow>(model);
            for (int i = 0; i < rows.Length; i++)
            {
                ScoredRow expected = engine.Predict(rows[i]);
                Assert.That(read[i].Score, Is.EqualTo(expected.Score), $"row {i}");
                Assert.That(read[i].PredictedLabel, Is.EqualTo(expected.PredictedLabel), $"row {i}");
                Assert.That(read[i].Label, Is.EqualTo(rows[i].Label));
                Assert.That(read[i].Id, Is.EqualTo(rows[i].Id));
            }
        }

        public sealed class ScoredRow
        {
            public float Score;
            public bool PredictedLabel;
            public float Label;
            public string Id = "";
        }

        /// <summary>A bad row in the middle of a block fails when its score is read, naming it; the rows before it score.</summary>
        [Test]
        public void BadRowInsideABlockFailsAtItsOwnRow()
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = FixtureModels.Load(ml, "devnet-full");
            float[][] features = FixtureModels.TestRows(ml, 100).Select(r => (float[])r.Clone()).ToArray();
            features[70][3] = float.NaN;
            IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(features.Select(f => new LabeledRow { Features = f })));
            using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name == "Score"));
            ValueGetter<float> getScore = cursor.GetGetter<float>(scored.Schema["Score"]);
            float score = 0;
            for (int i = 0; i < 70; i++)
            {
                Assert.That(cursor.MoveNext());
                getScore(ref score);
            }
            Assert.That(cursor.MoveNext());
            var e = Assert.Throws<AnoOnlyInputException>(() => getScore(ref score))!;
            Assert.That(e.Row, Is.EqualTo(70));
            Assert.That(e.Slot, Is.EqualTo(3));
            Assert.That(cursor.MoveNext(), "the rows after it still score");
            getScore(ref score);
            Assert.That(float.IsFinite(score));
        }

        /// <summary>An input that fails while the cursor reads ahead (here in the third block, read while the second is
        /// scored) fails at the MoveNext that reaches its row: every row before it is served with its score, then nothing.</summary>
        [Test]
        public void AnInputFailingWhileReadAheadFailsAtItsOwnRow()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = FixtureModels.Load(ml, "devnet-full").LastTransformer;
            float[][] features = FixtureModels.ManyRows(ml, 3 * ScoredDataView.BlockRows);
            int failsAt = 2 * ScoredDataView.BlockRows + 100;
            IDataView scored = model.Transform(new SplitView(features) { FailsAt = failsAt });
            using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Score" or "Label"));
            ValueGetter<float> getScore = cursor.GetGetter<float>(scored.Schema["Score"]);
            ValueGetter<float> getLabel = cursor.GetGetter<float>(scored.Schema["Label"]);
            float score = 0, label = 0;
            for (int i = 0; i < failsAt; i++)
            {
                Assert.That(cursor.MoveNext(), $"row {i}");
                getScore(ref score);
                getLabel(ref label);
                Assert.That(label, Is.EqualTo(i));
                Assert.That(cursor.Position, Is.EqualTo(i));
                Assert.That(score, Is.EqualTo(model.Scorer.Score(features[i])), $"row {i}");
            }
            var e = Assert.Throws<InvalidOperationException>(() => cursor.MoveNext())!;
            Assert.That(e.Message, Does.Contain($"row {failsAt}"));
            Assert.That(cursor.MoveNext(), Is.False, "nothing after the failure");
        }

        /// <summary>A parallel cursor set scores every row once, each cursor with its own block.</summary>
        [Test]
        public void CursorSetScoresEveryRowOnce()
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = FixtureModels.Load(ml, "deepsad-full");
            float[][] features = FixtureModels.TestRows(ml, 500);
            IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(features.Select((f, i) => new LabeledRow { Features = f, Label = i })));
            float[] expected = scored.GetColumn<float>("Score").ToArray();
            var seen = new List<(float Label, float Score)>();
            DataViewRowCursor[] cursors = scored.GetRowCursorSet(scored.Schema.Where(c => c.Name is "Score" or "Label"), 3);
            foreach (DataViewRowCursor cursor in cursors)
            {
                using (cursor)
                {
                    var getScore = cursor.GetGetter<float>(scored.Schema["Score"]);
                    var getLabel = cursor.GetGetter<float>(scored.Schema["Label"]);
                    float s = 0, l = 0;
                    while (cursor.MoveNext())
                    {
                        getScore(ref s);
                        getLabel(ref l);
                        seen.Add((l, s));
                    }
                }
            }
            Assert.That(seen.Select(x => x.Label).OrderBy(x => x), Is.EqualTo(Enumerable.Range(0, 500).Select(i => (float)i)));
            Assert.That(seen.All(x => x.Score == expected[(int)x.Label]));
        }

        /// <summary>
        /// A block cursor rents its blocks and gives them back when disposed: a cursor disposed twice gives them back once,
        /// and a cursor's rows, scores and errors never reach a later cursor. Four cursors over the rows in different orders,
        /// read in turn (the shared pool keeps a returned array per thread and per core, so two of four would share one
        /// given back twice), after one that met a bad row was disposed twice, each score their own rows.
        /// </summary>
        [Test]
        public void CursorsShareNoBlocksAfterOneIsDisposed()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = FixtureModels.Load(ml, "devnet-full").LastTransformer;
            float[][] features = FixtureModels.ManyRows(ml, 2 * ScoredDataView.BlockRows + 300);
            float[][] bad = features.Select(r => (float[])r.Clone()).ToArray();
            bad[5][0] = float.NaN;
            IDataView badScored = model.Transform(ml.Data.LoadFromEnumerable(bad.Select(f => new LabeledRow { Features = f })));
            DataViewRowCursor first = badScored.GetRowCursor(badScored.Schema.Where(c => c.Name == "Score"));
            ValueGetter<float> getFirst = first.GetGetter<float>(badScored.Schema["Score"]);
            float ignored = 0;
            for (int i = 0; i <= 5; i++)
                Assert.That(first.MoveNext());
            Assert.Throws<AnoOnlyInputException>(() => getFirst(ref ignored));
            first.Dispose();
            first.Dispose();

            // Each cursor reads the rows from another start, so that two cursors sharing a block would disagree.
            float[][][] orders = Enumerable.Range(0, 4).Select(c => features.Skip(101 * c).Concat(features.Take(101 * c)).ToArray()).ToArray();
            DataViewRowCursor[] cursors = orders.Select(order =>
            {
                IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(order.Select(f => new LabeledRow { Features = f })));
                return scored.GetRowCursor(scored.Schema.Where(c => c.Name == "Score"));
            }).ToArray();
            try
            {
                ValueGetter<float>[] getters = cursors.Select(c => c.GetGetter<float>(c.Schema["Score"])).ToArray();
                float score = 0;
                for (int i = 0; i < features.Length; i++)
                {
                    for (int c = 0; c < cursors.Length; c++)
                    {
                        Assert.That(cursors[c].MoveNext(), $"cursor {c}, row {i}");
                        getters[c](ref score);
                        Assert.That(score, Is.EqualTo(model.Scorer.Score(orders[c][i])), $"cursor {c}, row {i}");
                    }
                }
            }
            finally
            {
                foreach (DataViewRowCursor cursor in cursors)
                    cursor.Dispose();
            }
        }
    }
}
