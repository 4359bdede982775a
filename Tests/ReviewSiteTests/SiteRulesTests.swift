import Testing

@testable import ReviewSite

/// The small rules of the site's pages: pagination, navigation, the links the check follows.
struct SiteRulesTests {
    @Test func paginationShowsTheEndsAndTwoPagesEitherSide() {
        #expect(SiteBuilder.pageWindow(current: 1, count: 1) == [1])
        #expect(SiteBuilder.pageWindow(current: 2, count: 3) == [1, 2, 3])
        #expect(SiteBuilder.pageWindow(current: 7, count: 27) == [1, nil, 5, 6, 7, 8, 9, nil, 27])
        #expect(SiteBuilder.pageWindow(current: 1, count: 100) == [1, 2, 3, nil, 100])
        #expect(SiteBuilder.pageWindow(current: 100, count: 100) == [1, nil, 98, 99, 100])
        // A gap of a single page shows that page instead.
        #expect(SiteBuilder.pageWindow(current: 5, count: 10) == [1, 2, 3, 4, 5, 6, 7, nil, 10])
        #expect(SiteBuilder.pageWindow(current: 4, count: 7) == [1, 2, 3, 4, 5, 6, 7])
        // A page outside the range is taken as the nearest end.
        #expect(SiteBuilder.pageWindow(current: 10, count: 3) == [1, 2, 3])
        #expect(SiteBuilder.pageWindow(current: 0, count: 8) == [1, 2, 3, nil, 8])
    }

    @Test func everyPageIsReachableFromItsNeighboursWindow() {
        for count in 1...30 {
            for current in 1...count {
                let shown = SiteBuilder.pageWindow(current: current, count: count).compactMap { $0 }
                #expect(shown == shown.sorted())
                #expect(shown.contains(current) && shown.contains(1) && shown.contains(count))
                #expect(shown.contains(max(1, current - 1)) && shown.contains(min(count, current + 1)))
            }
        }
    }

    @Test func navigationMarksThePageOrItsSectionIndex() {
        #expect(SiteBuilder.isCurrent("index.html", at: "index.html"))
        #expect(SiteBuilder.isCurrent("results/index.html", at: "results/2020-3.html"))
        #expect(SiteBuilder.isCurrent("pages/about.html", at: "pages/about.html"))
        #expect(!SiteBuilder.isCurrent("pages/form.html", at: "pages/about.html"))
        #expect(!SiteBuilder.isCurrent("search.html", at: "org/123456788.html"))
        #expect(!SiteBuilder.isCurrent("index.html", at: "404.html"))
    }

    @Test func referencesAreHrefsThenSources() {
        let html = #"<a href="a.html">x</a><img src="i.png" alt="="><a class="x" href="">y</a> href=&quot;no&quot;"#
        #expect(LinkChecker.references(in: Array(html.utf8)) == ["a.html", "", "i.png"])
        #expect(LinkChecker.references(in: Array(#"<a href="unterminated"#.utf8)) == ["unterminated"])
        #expect(LinkChecker.references(in: []) == [])
    }

    @Test func referencesResolveFromThePagesDirectory() {
        #expect(LinkChecker.resolve("../bodies/x.html", from: "org/a.html") == "bodies/x.html")
        #expect(LinkChecker.resolve("./a/../b.html", from: "p/q.html") == "p/b.html")
        #expect(LinkChecker.resolve("a%20b.html?x=1#f", from: "results/2020.html") == "results/a b.html")
        #expect(LinkChecker.resolve("%zz.html", from: "index.html") == "%zz.html")
        #expect(LinkChecker.resolve("/abs/", from: "x/y.html") == "abs/")
        #expect(LinkChecker.resolve("../../../x.html", from: "a/b.html") == "x.html")
        for external in ["HTTPS://example.org/", "mailto:a@b", "//cdn.example/x.js", "JavaScript:alert(1)", "#top", ""]
        {
            #expect(LinkChecker.resolve(external, from: "index.html") == nil)
        }
    }
}
