import Foundation

/// A small RDF graph, as the DCAT exports need it: resources with types and properties, written as Turtle or
/// JSON-LD. Predicates and types are prefixed names from `RDFGraph.prefixes`.
public struct RDFGraph: Sendable {
    /// A term in object position.
    public enum Term: Sendable, Hashable {
        /// An absolute IRI.
        case iri(String)
        /// A literal in a language (`vi`, `en`).
        case text(String, language: String)
        /// A plain string literal.
        case string(String)
        /// A typed literal (`xsd:dateTime`, `xsd:date`, `xsd:integer`).
        case typed(String, datatype: String)
    }

    /// One resource (an IRI) with its types and properties, in the order they were added.
    public struct Resource: Sendable {
        public let iri: String
        public var types: [String]
        public var properties: [(predicate: String, object: Term)] = []

        public init(_ iri: String, types: [String]) {
            self.iri = iri
            self.types = types
        }

        public mutating func add(_ predicate: String, _ object: Term) { properties.append((predicate, object)) }
    }

    public static let prefixes: [(String, String)] = [
        ("dcat", "http://www.w3.org/ns/dcat#"), ("dct", "http://purl.org/dc/terms/"), ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"), ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("dcatap", "http://data.europa.eu/r5r/"), ("adms", "http://www.w3.org/ns/adms#"),
    ]

    public private(set) var resources: [Resource] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// Adds a resource, or merges types and properties into the one with the same IRI.
    public mutating func add(_ resource: Resource) {
        if let at = index[resource.iri] {
            for type in resource.types where !resources[at].types.contains(type) { resources[at].types.append(type) }
            for property in resource.properties
            where !resources[at].properties.contains(where: { $0.predicate == property.predicate && $0.object == property.object }) {
                resources[at].properties.append(property)
            }
        } else {
            index[resource.iri] = resources.count
            resources.append(resource)
        }
    }

    /// The graph as Turtle, with prefixes.
    public func turtle() -> String {
        var text = Self.prefixes.map { "@prefix \($0.0): <\($0.1)> ." }.joined(separator: "\n") + "\n"
        for resource in resources {
            text += "\n<\(Self.escapeIRI(resource.iri))>"
            var lines: [String] = []
            if !resource.types.isEmpty { lines.append(" a " + resource.types.joined(separator: ", ")) }
            for (predicate, object) in resource.properties { lines.append(" \(predicate) \(Self.turtle(object))") }
            text += lines.joined(separator: " ;\n   ") + " .\n"
        }
        return text
    }

    /// The graph as JSON-LD: a `@context` with the prefixes and a `@graph` of node objects.
    public func jsonLD() -> String {
        var context: [String: Any] = [:]
        for (prefix, namespace) in Self.prefixes { context[prefix] = namespace }
        let graph: [[String: Any]] = resources.map { resource in
            var node: [String: Any] = ["@id": resource.iri]
            if !resource.types.isEmpty { node["@type"] = resource.types }
            for (predicate, object) in resource.properties {
                var values = node[predicate] as? [[String: String]] ?? []
                values.append(Self.jsonLD(object))
                node[predicate] = values
            }
            return node
        }
        let document: [String: Any] = ["@context": context, "@graph": graph]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func turtle(_ term: Term) -> String {
        switch term {
        case .iri(let iri): "<\(escapeIRI(iri))>"
        case .text(let text, let language): "\(quoted(text))@\(language)"
        case .string(let text): quoted(text)
        case .typed(let text, let datatype): "\(quoted(text))^^\(datatype)"
        }
    }

    private static func jsonLD(_ term: Term) -> [String: String] {
        switch term {
        case .iri(let iri): ["@id": iri]
        case .text(let text, let language): ["@value": text, "@language": language]
        case .string(let text): ["@value": text]
        case .typed(let text, let datatype): ["@value": text, "@type": datatype]
        }
    }

    /// A Turtle string literal: Turtle's escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX`) are JSON's, so one writer serves both.
    static func quoted(_ text: String) -> String { RecordFormat.jsonString(text) }

    /// An IRI for `<…>`: characters Turtle forbids there are percent-encoded.
    static func escapeIRI(_ iri: String) -> String {
        let forbidden = Set("<>\"{}|^`\\ ".unicodeScalars)
        var out = ""
        for scalar in iri.unicodeScalars {
            if forbidden.contains(scalar) || scalar.value < 0x21 {
                out += String(format: "%%%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
