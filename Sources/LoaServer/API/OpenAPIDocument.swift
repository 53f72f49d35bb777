/// The description of the JSON API (OpenAPI 3.1). Tests check real answers against these schemas,
/// so a change to a DTO that is not made here too fails the suite.
enum OpenAPIDocument {
    static func json(serverURL: String) -> String {
        template.replacingOccurrences(of: "{{SERVER_URL}}", with: serverURL)
    }

    private static let template = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Loa API",
            "version": "1.0.0",
            "description": "Chính sách, văn bản pháp luật và lĩnh vực của cổng thông tin. Lists share the shape {items, total, page, per_page}; errors are {\"error\":{\"code\",\"message\"}}."
          },
          "servers": [{"url": "{{SERVER_URL}}"}],
          "paths": {
            "/api/v1/topics": {
              "get": {
                "operationId": "listTopics",
                "summary": "Các lĩnh vực (policy areas)",
                "responses": {
                  "200": {"description": "Every topic", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TopicList"}}}}
                }
              }
            },
            "/api/v1/articles": {
              "get": {
                "operationId": "listArticles",
                "summary": "Bài viết đã đăng, mới nhất trước",
                "parameters": [
                  {"name": "topic", "in": "query", "required": false, "schema": {"type": "string"}, "description": "Topic slug"},
                  {"$ref": "#/components/parameters/page"},
                  {"$ref": "#/components/parameters/per_page"}
                ],
                "responses": {
                  "200": {"description": "A page of articles", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleList"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/api/v1/articles/{slug}": {
              "get": {
                "operationId": "getArticle",
                "summary": "Một bài viết",
                "parameters": [{"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "The article with its body", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/documents": {
              "get": {
                "operationId": "listDocuments",
                "summary": "Hệ thống văn bản, mới ban hành trước",
                "parameters": [
                  {"name": "type", "in": "query", "required": false, "schema": {"type": "string", "enum": ["luat", "nghi-quyet", "nghi-dinh", "quyet-dinh", "chi-thi", "thong-tu", "cong-van", "ke-hoach", "huong-dan"]}},
                  {"name": "issuer", "in": "query", "required": false, "schema": {"type": "string"}, "description": "Issuing body, exactly as listed"},
                  {"name": "year", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1900, "maximum": 2200}},
                  {"name": "status", "in": "query", "required": false, "schema": {"type": "string", "enum": ["con-hieu-luc", "chua-co-hieu-luc", "het-hieu-luc-mot-phan", "het-hieu-luc"]}},
                  {"name": "topic", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"$ref": "#/components/parameters/page"},
                  {"$ref": "#/components/parameters/per_page"}
                ],
                "responses": {
                  "200": {"description": "A page of documents", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DocumentList"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/api/v1/documents/{id}": {
              "get": {
                "operationId": "getDocument",
                "summary": "Một văn bản",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "The document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            }
          },
          "components": {
            "parameters": {
              "page": {"name": "page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}},
              "per_page": {"name": "per_page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
            },
            "responses": {
              "BadRequest": {"description": "Invalid parameters", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NotFound": {"description": "No such resource", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Error": {
                "type": "object", "additionalProperties": false, "required": ["error"],
                "properties": {
                  "error": {
                    "type": "object", "additionalProperties": false, "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
                  }
                }
              },
              "Topic": {
                "type": "object", "additionalProperties": false,
                "required": ["slug", "name", "description", "url", "feed_url"],
                "properties": {
                  "slug": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
                  "url": {"type": "string", "format": "uri"}, "feed_url": {"type": "string", "format": "uri"}
                }
              },
              "Article": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "slug", "title", "summary", "topics", "author", "cover_image", "featured", "published_at", "updated_at", "url"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "slug": {"type": "string"},
                  "title": {"type": "string"},
                  "summary": {"type": "string"},
                  "topics": {"type": "array", "items": {"type": "string"}},
                  "author": {"type": ["string", "null"]},
                  "cover_image": {"type": ["string", "null"]},
                  "featured": {"type": "boolean"},
                  "published_at": {"type": ["string", "null"], "format": "date-time"},
                  "updated_at": {"type": ["string", "null"], "format": "date-time"},
                  "url": {"type": "string", "format": "uri"},
                  "body": {"type": "string", "description": "Markdown; only in the single-article answer"},
                  "body_html": {"type": "string", "description": "Sanitised HTML; only in the single-article answer"}
                }
              },
              "Attachment": {
                "type": "object", "additionalProperties": false,
                "required": ["file_name", "content_type", "size", "sha256", "url"],
                "properties": {
                  "file_name": {"type": "string"}, "content_type": {"type": "string"}, "size": {"type": "integer"},
                  "sha256": {"type": "string"}, "url": {"type": "string", "format": "uri"}
                }
              },
              "Document": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "slug", "number", "title", "type", "type_name", "issuer", "signer", "issued_on", "effective_on", "effect_status", "effect_status_name", "summary", "topics", "attachments", "url"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "slug": {"type": "string"},
                  "number": {"type": "string", "description": "Number and symbol, e.g. 06/2025/TT-BNV"},
                  "title": {"type": "string"},
                  "type": {"type": "string", "enum": ["luat", "nghi-quyet", "nghi-dinh", "quyet-dinh", "chi-thi", "thong-tu", "cong-van", "ke-hoach", "huong-dan"]},
                  "type_name": {"type": "string"},
                  "issuer": {"type": "string"},
                  "signer": {"type": ["string", "null"]},
                  "issued_on": {"type": "string", "format": "date"},
                  "effective_on": {"type": ["string", "null"], "format": "date"},
                  "effect_status": {"type": "string", "enum": ["con-hieu-luc", "chua-co-hieu-luc", "het-hieu-luc-mot-phan", "het-hieu-luc"]},
                  "effect_status_name": {"type": "string"},
                  "summary": {"type": "string"},
                  "topics": {"type": "array", "items": {"type": "string"}},
                  "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/Attachment"}},
                  "url": {"type": "string", "format": "uri"},
                  "body_html": {"type": "string", "description": "Only in the single-document answer"}
                }
              },
              "TopicList": {
                "type": "object", "additionalProperties": false, "required": ["items", "total", "page", "per_page"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Topic"}},
                  "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}
                }
              },
              "ArticleList": {
                "type": "object", "additionalProperties": false, "required": ["items", "total", "page", "per_page"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
                  "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}
                }
              },
              "DocumentList": {
                "type": "object", "additionalProperties": false, "required": ["items", "total", "page", "per_page"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
                  "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}
                }
              }
            }
          }
        }
        """#
}
