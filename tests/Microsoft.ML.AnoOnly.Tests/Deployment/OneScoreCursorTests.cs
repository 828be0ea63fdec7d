using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// One cursor reading the scores asks its input for a cursor set of one (which ML.NET's transforms read on the calling
    /// thread, where their one cursor would split and consolidate), and serves what the scorer gives row by row; an input
    /// that splits all the same is read through one cursor, its extra cursors closed.
    /// </summary>
    public class OneScoreCursorTests
    {
        private const int Rows = 3000;

        private static float[][] RandomRows(int count)
        {
            var random = new Random(5);
            return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 21).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
        }

        private static AnoOnlyTransformer Model(MLContext ml) => FixtureModels.Load(ml, "devnet-full").LastTransformer;

        private static float[] RowByRow(AnoOnlyTransformer model, IDataView features)
            => features.GetColumn<VBuffer<float>>("Features").Select(v => model.Scorer.Score(v.DenseValues().ToArray())).ToArray();

        [Test]
        public void OneScoreCursorAsksForASetOfOneAndScoresInOrder()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = Model(ml);
            var view = new SplitView(RandomRows(Rows));
            IDataView scored = model.Transform(view);
            using (DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name == "Score")))
                Assert.That(cursor, Is.TypeOf<BlockScoringCursor>());
            Assert.That(view.Asked, Is.EqualTo(new[] { 1 }), "a set of one asked for, not a cursor");
            Assert.That(scored.GetColumn<float>("Score").ToArray(), Is.EqualTo(RowByRow(model, view)));

            // Behind a fitted normalizer, as in a deployment pipeline.
            IDataView data = ml.Data.LoadFromEnumerable(RandomRows(Rows).Select((f, i) => new BlockScoringTests.LabeledRow { Features = f, Label = i }));
            IDataView normalized = ml.Transforms.NormalizeMinMax("Features").Fit(data).Transform(data);
            Assert.That(model.Transform(normalized).GetColumn<float>("Score").ToArray(), Is.EqualTo(RowByRow(model, normalized)));
        }

        [Test]
        public void AnInputThatSplitsAnywayIsReadThroughOneCursor()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = Model(ml);
            var view = new SplitView(RandomRows(Rows)) { AlwaysSplitsInto = 3 };
            IDataView scored = model.Transform(view);
            float[] scores = scored.GetColumn<float>("Score").ToArray();
            Assert.That(view.Asked, Is.EqualTo(new[] { 1, 0 }), "a set of one asked for, then one cursor");
            Assert.That(view.OpenCursors, Is.Zero, "the set's cursors are closed");
            Assert.That(scores, Is.EqualTo(RowByRow(model, new SplitView(RandomRows(Rows)))), "the rows in order");
        }
    }
}
