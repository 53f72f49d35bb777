import Foundation

/// The description of the JSON API (OpenAPI 3.1). Tests check real answers against these schemas,
/// so a change to a DTO that is not made here too fails the suite.
enum OpenAPIDocument {
    static func json(serverURL: String) -> String {
        withSizeLimits.replacingOccurrences(of: "{{SERVER_URL}}", with: serverURL)
    }

    /// Every operation that takes a body may answer 413 when the body is over the route's limit;
    /// written into each once here rather than by hand in every operation.
    private static let withSizeLimits: String = {
        guard var document = try? JSONSerialization.jsonObject(with: Data(template.utf8)) as? [String: Any],
            var paths = document["paths"] as? [String: Any]
        else { return template }
        for (path, value) in paths {
            guard var operations = value as? [String: Any] else { continue }
            for (method, value) in operations {
                guard var operation = value as? [String: Any], operation["requestBody"] != nil,
                    var responses = operation["responses"] as? [String: Any]
                else { continue }
                responses["413"] = ["$ref": "#/components/responses/TooLarge"]
                operation["responses"] = responses
                operations[method] = operation
            }
            paths[path] = operations
        }
        document["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return template
        }
        return String(decoding: data, as: UTF8.self)
    }()

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
              "post": {
                "operationId": "createArticle",
                "summary": "Tạo bài viết nháp (editor, approver, administrator)",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}}}},
                "responses": {
                  "201": {"description": "The draft", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              },
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
            "/api/v1/articles/{article}": {
              "parameters": [{"name": "article", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Slug or id (GET); id (PATCH)"}],
              "get": {
                "operationId": "getArticle",
                "summary": "Một bài viết đã đăng",
                "responses": {
                  "200": {"description": "The article with its body", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "delete": {
                "operationId": "deleteArticle",
                "summary": "Xóa bản nháp hoặc nội dung đã gỡ",
                "security": [{"bearer": []}],
                "responses": {
                  "204": {"description": "Deleted"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}
                }
              },
              "patch": {
                "operationId": "updateArticle",
                "summary": "Sửa bài viết (chỉ các trường gửi lên)",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}}}},
                "responses": {
                  "200": {"description": "The article", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              }
            },
            "/api/v1/articles/{article}/{action}": {
              "post": {
                "operationId": "articleWorkflow",
                "summary": "Gửi duyệt, đăng, hẹn giờ, trả lại, gỡ bài",
                "security": [{"bearer": []}],
                "parameters": [
                  {"name": "article", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                  {"$ref": "#/components/parameters/action"}
                ],
                "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkflowInput"}}}},
                "responses": {
                  "200": {"description": "The article in its new state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              }
            },
            "/api/v1/documents": {
              "post": {
                "operationId": "createDocument",
                "summary": "Tạo văn bản nháp",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DocumentInput"}}}},
                "responses": {
                  "201": {"description": "The draft", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              },
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
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "get": {
                "operationId": "getDocument",
                "summary": "Một văn bản đã đăng",
                "responses": {
                  "200": {"description": "The document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "delete": {
                "operationId": "deleteDocument",
                "summary": "Xóa bản nháp hoặc nội dung đã gỡ",
                "security": [{"bearer": []}],
                "responses": {
                  "204": {"description": "Deleted"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}
                }
              },
              "patch": {
                "operationId": "updateDocument",
                "summary": "Sửa văn bản (chỉ các trường gửi lên)",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DocumentInput"}}}},
                "responses": {
                  "200": {"description": "The document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              }
            },
            "/api/v1/documents/{id}/{action}": {
              "post": {
                "operationId": "documentWorkflow",
                "summary": "Gửi duyệt, đăng, hẹn giờ, trả lại, gỡ văn bản",
                "security": [{"bearer": []}],
                "parameters": [
                  {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                  {"$ref": "#/components/parameters/action"}
                ],
                "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkflowInput"}}}},
                "responses": {
                  "200": {"description": "The document in its new state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              }
            },
            "/api/v1/search": {
              "get": {
                "operationId": "search",
                "summary": "Tìm kiếm bài viết và văn bản, có dấu hoặc không dấu; số hiệu văn bản được khớp chính xác",
                "parameters": [
                  {"name": "q", "in": "query", "required": false, "schema": {"type": "string", "maxLength": 1000}, "description": "Only the first 500 characters are searched"},
                  {"name": "type", "in": "query", "required": false, "schema": {"type": "string", "enum": ["article", "document", "answer"]}},
                  {"name": "topic", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"name": "from", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
                  {"name": "to", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
                  {"$ref": "#/components/parameters/page"}
                ],
                "responses": {
                  "200": {"description": "Best first, 20 a page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/api/v1/search/suggest": {
              "get": {
                "operationId": "suggest",
                "summary": "Gợi ý tiêu đề cho ô tìm kiếm (khớp tiền tố từ cuối)",
                "parameters": [
                  {"name": "q", "in": "query", "required": false, "schema": {"type": "string", "maxLength": 200}},
                  {"name": "type", "in": "query", "required": false, "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "Up to 6 titles", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Suggestions"}}}}
                }
              }
            },
            "/api/v1/petitions": {
              "post": {
                "operationId": "submitPetition",
                "summary": "Gửi phản ánh, kiến nghị (public; rate limited per address). Send `Idempotency-Key` to make retries safe.",
                "parameters": [{"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "maxLength": 200}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionInput"}}}},
                "responses": {
                  "201": {"description": "Received: keep the code and the access key", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionReceipt"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"},
                  "429": {"description": "Too many submissions from this address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              },
              "get": {
                "operationId": "listPetitions",
                "summary": "Hộp phản ánh của cán bộ (handler, approver, administrator), most urgent first; a handler in a unit sees that unit's work",
                "security": [{"bearer": []}],
                "parameters": [
                  {"name": "state", "in": "query", "required": false, "schema": {"type": "string", "enum": ["all", "received", "accepted", "rejected", "assigned", "answered", "published", "closed"]}, "description": "Default: every open state"},
                  {"name": "unit", "in": "query", "required": false, "schema": {"type": "string", "format": "uuid"}},
                  {"name": "topic", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"name": "overdue", "in": "query", "required": false, "schema": {"type": "boolean"}},
                  {"$ref": "#/components/parameters/page"},
                  {"$ref": "#/components/parameters/per_page"}
                ],
                "responses": {
                  "200": {"description": "A page of petitions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionList"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}
                }
              }
            },
            "/api/v1/open-data": {
              "get": {
                "operationId": "openDataCatalogue",
                "summary": "Dữ liệu mở: the datasets (published answers, legal-document register, monthly statistics), each as CSV and JSON, with the licence and last-updated time",
                "responses": {
                  "200": {"description": "The catalogue", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OpenDataCatalogue"}}}}
                }
              }
            },
            "/api/v1/petitions/stats": {
              "get": {
                "operationId": "petitionFigures",
                "summary": "Số liệu: by state, topic and unit; overdue; on-time share; median working days to answer",
                "security": [{"bearer": []}],
                "responses": {
                  "200": {"description": "Figures", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionFigures"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}
                }
              }
            },
            "/api/v1/petitions/{code}": {
              "parameters": [{"name": "code", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Tracking code, e.g. PA-2026-000123"}],
              "get": {
                "operationId": "getPetition",
                "summary": "Tra cứu: with the access key (X-Access-Key header or ?key=) the submitter's view; with a staff token the staff view. Anything else: 404.",
                "parameters": [
                  {"name": "X-Access-Key", "in": "header", "required": false, "schema": {"type": "string"}},
                  {"name": "key", "in": "query", "required": false, "deprecated": true, "schema": {"type": "string"}, "description": "Kept for old clients; a key in the URL ends up in proxy and server logs, so send X-Access-Key instead."}
                ],
                "responses": {
                  "200": {"description": "The petition", "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/PetitionTracking"}, {"$ref": "#/components/schemas/PetitionStaff"}]}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/petitions/{code}/transitions": {
              "parameters": [{"name": "code", "in": "path", "required": true, "schema": {"type": "string"}}],
              "post": {
                "operationId": "movePetition",
                "summary": "Chuyển trạng thái: received → accepted | rejected (note required) → assigned (unit required) → answered → published | closed",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionTransition"}}}},
                "responses": {
                  "200": {"description": "The petition after the step", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionStaff"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              }
            },
            "/api/v1/petitions/{code}/answer": {
              "parameters": [{"name": "code", "in": "path", "required": true, "schema": {"type": "string"}}],
              "post": {
                "operationId": "answerPetition",
                "summary": "Trả lời (handler): moves an assigned petition to answered, or waits for an approver when LOA_PETITION_APPROVAL=1",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 10}}}}}},
                "responses": {
                  "200": {"description": "The petition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetitionStaff"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              }
            },
            "/api/v1/consultations": {
              "post": {
                "operationId": "createConsultation",
                "summary": "Tạo dự thảo lấy ý kiến (editor, approver, administrator). The Markdown body's headings (# chương, ## điều, ### khoản) become the sections.",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConsultationInput"}}}},
                "responses": {
                  "201": {"description": "The draft with its sections", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Consultation"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"}
                }
              },
              "get": {
                "operationId": "listConsultations",
                "summary": "Dự thảo đã đăng, mới mở trước",
                "parameters": [
                  {"name": "phase", "in": "query", "required": false, "schema": {"type": "string", "enum": ["open", "upcoming", "closed"]}},
                  {"$ref": "#/components/parameters/page"},
                  {"$ref": "#/components/parameters/per_page"}
                ],
                "responses": {
                  "200": {"description": "A page of drafts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConsultationList"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}
                }
              }
            },
            "/api/v1/consultations/{consultation}": {
              "parameters": [{"name": "consultation", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Id, slug or code (DT-2026-001)"}],
              "get": {
                "operationId": "getConsultation",
                "summary": "Một dự thảo đã đăng với các phần và số góp ý đã duyệt của từng phần (a staff token also sees unpublished drafts)",
                "responses": {
                  "200": {"description": "The draft", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Consultation"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/consultations/{consultation}/publish": {
              "parameters": [{"name": "consultation", "in": "path", "required": true, "schema": {"type": "string"}}],
              "post": {
                "operationId": "publishConsultation",
                "summary": "Đăng dự thảo (approver, administrator): public, open for comment within its window, broadcast to Zalo followers of its topics",
                "security": [{"bearer": []}],
                "responses": {
                  "200": {"description": "The published draft", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Consultation"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}
                }
              }
            },
            "/api/v1/consultations/{consultation}/comments": {
              "parameters": [{"name": "consultation", "in": "path", "required": true, "schema": {"type": "string"}}],
              "post": {
                "operationId": "commentOnConsultation",
                "summary": "Góp ý (public; rate limited per address). Open from opens_at (inclusive) to closes_at (exclusive); outside, 409. The comment waits for moderation; with LOA_CONSULTATION_CONFIRM_EMAIL=1, e-mail is required and the comment is unconfirmed until its link is followed.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommentInput"}}}},
                "responses": {
                  "201": {"description": "Received", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Comment"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"description": "Not open for comment (before opening or after closing)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "415": {"$ref": "#/components/responses/BadRequest"},
                  "422": {"$ref": "#/components/responses/Invalid"},
                  "429": {"description": "Too many comments from this address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/v1/audit": {
              "get": {
                "operationId": "listAudit",
                "summary": "Nhật ký thao tác (administrator)",
                "security": [{"bearer": []}],
                "parameters": [
                  {"name": "actor", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"name": "action", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"name": "record_type", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"name": "record_id", "in": "query", "required": false, "schema": {"type": "string"}},
                  {"name": "from", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
                  {"name": "to", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
                  {"$ref": "#/components/parameters/page"},
                  {"$ref": "#/components/parameters/per_page"}
                ],
                "responses": {
                  "200": {"description": "Newest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditList"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}
                }
              }
            }
          },
          "components": {
            "parameters": {
              "page": {"name": "page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}},
              "per_page": {"name": "per_page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
              "action": {"name": "action", "in": "path", "required": true, "schema": {"type": "string", "enum": ["submit", "publish", "schedule", "send_back", "unpublish"]}}
            },
            "securitySchemes": {
              "bearer": {"type": "http", "scheme": "bearer", "description": "An API token from `loa token create` or the console"}
            },
            "responses": {
              "BadRequest": {"description": "Invalid parameters", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NotFound": {"description": "No such resource", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "TooLarge": {"description": "The body is over the limit of this operation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Unauthorized": {"description": "No valid API token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Forbidden": {"description": "The token's role may not do this", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Conflict": {"description": "Not possible in the current state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Invalid": {"description": "A field is invalid; the code names it (invalid_title, …)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Error": {
                "type": "object", "additionalProperties": false, "required": ["error"],
                "properties": {
                  "error": {
                    "type": "object", "additionalProperties": false, "required": ["code", "message"],
                    "properties": {
                      "code": {"type": "string"}, "message": {"type": "string"},
                      "fields": {"type": "array", "description": "Every invalid field of a submission", "items": {
                        "type": "object", "additionalProperties": false, "required": ["field", "message"],
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}}
                      }}
                    }
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
                "required": ["id", "slug", "title", "summary", "topics", "author", "cover_image", "featured", "status", "published_at", "updated_at", "url"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "slug": {"type": "string"},
                  "title": {"type": "string"},
                  "summary": {"type": "string"},
                  "topics": {"type": "array", "items": {"type": "string"}},
                  "author": {"type": ["string", "null"]},
                  "cover_image": {"type": ["string", "null"]},
                  "featured": {"type": "boolean"},
                  "status": {"type": "string", "enum": ["draft", "in_review", "scheduled", "published", "unpublished"]},
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
                "required": ["id", "slug", "number", "title", "type", "type_name", "issuer", "signer", "issued_on", "effective_on", "effect_status", "effect_status_name", "status", "summary", "topics", "attachments", "url"],
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
                  "status": {"type": "string", "enum": ["draft", "in_review", "scheduled", "published", "unpublished"]},
                  "summary": {"type": "string"},
                  "topics": {"type": "array", "items": {"type": "string"}},
                  "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/Attachment"}},
                  "url": {"type": "string", "format": "uri"},
                  "body_html": {"type": "string", "description": "Only in the single-document answer"}
                }
              },
              "ArticleInput": {
                "type": "object", "additionalProperties": false,
                "properties": {
                  "title": {"type": "string", "maxLength": 300},
                  "summary": {"type": "string", "maxLength": 1000},
                  "body": {"type": "string", "description": "Markdown", "maxLength": 200000},
                  "topics": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 5},
                  "author": {"type": "string"},
                  "cover_image": {"type": "string"},
                  "featured": {"type": "boolean"}
                }
              },
              "DocumentInput": {
                "type": "object", "additionalProperties": false,
                "properties": {
                  "number": {"type": "string"}, "title": {"type": "string"},
                  "type": {"type": "string", "enum": ["luat", "nghi-quyet", "nghi-dinh", "quyet-dinh", "chi-thi", "thong-tu", "cong-van", "ke-hoach", "huong-dan"]},
                  "issuer": {"type": "string"}, "signer": {"type": "string"},
                  "issued_on": {"type": "string", "format": "date"}, "effective_on": {"type": "string", "format": "date"},
                  "effect_status": {"type": "string", "enum": ["con-hieu-luc", "chua-co-hieu-luc", "het-hieu-luc-mot-phan", "het-hieu-luc"]},
                  "summary": {"type": "string"}, "body": {"type": "string"},
                  "topics": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 5}
                }
              },
              "WorkflowInput": {
                "type": "object", "additionalProperties": false,
                "properties": {
                  "comment": {"type": "string", "description": "Required for send_back"},
                  "publish_at": {"type": "string", "format": "date-time", "description": "Required for schedule; in the future, within 5 years"},
                  "revision": {"type": "integer", "minimum": 0, "description": "For publish and schedule: the revision the approver read; 409 stale_revision if another was saved since"}
                }
              },
              "AuditEntry": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "actor", "action", "record_type", "record_id", "summary", "address", "created_at"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"}, "actor": {"type": "string"}, "action": {"type": "string"},
                  "record_type": {"type": "string"}, "record_id": {"type": ["string", "null"]}, "summary": {"type": "string"},
                  "address": {"type": ["string", "null"]}, "created_at": {"type": "string", "format": "date-time"}
                }
              },
              "PetitionInput": {
                "type": "object",
                "required": ["topic", "title", "content", "name"],
                "properties": {
                  "topic": {"type": "string", "description": "Topic slug (/api/v1/topics)"},
                  "title": {"type": "string", "minLength": 5, "maxLength": 200},
                  "content": {"type": "string", "minLength": 20, "maxLength": 10000},
                  "name": {"type": "string", "maxLength": 100},
                  "phone": {"type": "string", "description": "A Vietnamese phone number; phone or email is required"},
                  "email": {"type": "string", "maxLength": 254},
                  "address": {"type": "string", "maxLength": 300},
                  "consent_publish": {"type": "boolean", "description": "May the answer be published, with personal data removed"}
                }
              },
              "PetitionReceipt": {
                "type": "object", "additionalProperties": false, "required": ["code", "access_key", "status", "due_at", "tracking_url"],
                "properties": {
                  "code": {"type": "string"}, "access_key": {"type": "string"}, "status": {"type": "string", "enum": ["received"]},
                  "due_at": {"type": ["string", "null"], "format": "date-time"}, "tracking_url": {"type": "string", "format": "uri"}
                }
              },
              "PetitionTracking": {
                "type": "object", "additionalProperties": false,
                "required": ["code", "status", "status_name", "topic", "title", "content", "received_at", "due_at", "history", "answer"],
                "properties": {
                  "code": {"type": "string"}, "status": {"$ref": "#/components/schemas/PetitionState"}, "status_name": {"type": "string"},
                  "topic": {"type": "string"}, "title": {"type": "string"}, "content": {"type": "string"},
                  "received_at": {"type": "string", "format": "date-time"}, "due_at": {"type": ["string", "null"], "format": "date-time"},
                  "history": {"type": "array", "items": {
                    "type": "object", "additionalProperties": false, "required": ["status", "status_name", "at", "note"],
                    "properties": {
                      "status": {"$ref": "#/components/schemas/PetitionState"}, "status_name": {"type": "string"},
                      "at": {"type": "string", "format": "date-time"}, "note": {"type": ["string", "null"], "description": "The reason, for a rejection"}
                    }
                  }},
                  "answer": {"type": ["object", "null"], "additionalProperties": false, "required": ["text"], "properties": {
                    "text": {"type": "string"}, "answered_at": {"type": ["string", "null"], "format": "date-time"}
                  }}
                }
              },
              "PetitionState": {"type": "string", "enum": ["received", "accepted", "rejected", "assigned", "answered", "published", "closed"]},
              "PetitionStaff": {
                "type": "object", "additionalProperties": false,
                "required": ["code", "status", "status_name", "channel", "topic", "title", "unit", "received_at", "due_at", "overdue", "consent_publish", "submitter", "answer", "public_url"],
                "properties": {
                  "code": {"type": "string"}, "status": {"$ref": "#/components/schemas/PetitionState"}, "status_name": {"type": "string"},
                  "channel": {"type": "string", "enum": ["web", "api", "open311", "zalo"]}, "topic": {"type": "string"}, "title": {"type": "string"},
                  "content": {"type": "string", "description": "In the single-petition answers"},
                  "unit": {"type": ["object", "null"], "additionalProperties": false, "required": ["id", "name"], "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}},
                  "received_at": {"type": "string", "format": "date-time"}, "due_at": {"type": ["string", "null"], "format": "date-time"},
                  "overdue": {"type": "boolean"}, "consent_publish": {"type": "boolean"},
                  "submitter": {"type": ["object", "null"], "description": "Only for roles that may see personal data", "additionalProperties": false,
                    "required": ["name", "phone", "email", "address"],
                    "properties": {"name": {"type": "string"}, "phone": {"type": "string"}, "email": {"type": "string"}, "address": {"type": "string"}}},
                  "answer": {"type": ["string", "null"]}, "public_url": {"type": ["string", "null"], "format": "uri"},
                  "history": {"type": "array", "items": {
                    "type": "object", "additionalProperties": false, "required": ["from", "to", "note", "actor", "at"],
                    "properties": {
                      "from": {"type": ["string", "null"]}, "to": {"type": "string"}, "note": {"type": "string"}, "actor": {"type": "string"},
                      "at": {"type": "string", "format": "date-time"}
                    }
                  }}
                }
              },
              "PetitionList": {
                "type": "object", "additionalProperties": false, "required": ["items", "total", "page", "per_page"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/PetitionStaff"}},
                  "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}
                }
              },
              "PetitionTransition": {
                "type": "object", "required": ["to"],
                "properties": {
                  "to": {"$ref": "#/components/schemas/PetitionState"}, "note": {"type": "string", "description": "Required to reject or to return an answer"},
                  "unit": {"type": "string", "format": "uuid", "description": "Required to assign"},
                  "public_title": {"type": "string", "description": "When publishing: the public text as reviewed (personal data is removed again); default: the automatic proposal"},
                  "public_question": {"type": "string"}, "public_answer": {"type": "string"}
                }
              },
              "PetitionFigures": {
                "type": "object", "additionalProperties": false,
                "required": ["total", "by_state", "by_topic", "by_unit", "overdue", "on_time_share", "median_working_days_to_answer"],
                "properties": {
                  "total": {"type": "integer"}, "overdue": {"type": "integer"},
                  "by_state": {"$ref": "#/components/schemas/Counts"}, "by_topic": {"$ref": "#/components/schemas/Counts"}, "by_unit": {"$ref": "#/components/schemas/Counts"},
                  "on_time_share": {"type": ["number", "null"]}, "median_working_days_to_answer": {"type": ["number", "null"]}
                }
              },
              "OpenDataCatalogue": {
                "type": "object", "additionalProperties": false, "required": ["licence", "licence_url", "publisher", "datasets"],
                "properties": {
                  "licence": {"type": "string"}, "licence_url": {"type": "string"}, "publisher": {"type": "string"},
                  "datasets": {"type": "array", "items": {
                    "type": "object", "additionalProperties": false, "required": ["id", "title", "description", "rows", "updated_at", "files"],
                    "properties": {
                      "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}, "rows": {"type": "integer"},
                      "updated_at": {"type": "string", "format": "date-time"},
                      "files": {"type": "array", "items": {
                        "type": "object", "additionalProperties": false, "required": ["format", "url"],
                        "properties": {"format": {"type": "string", "enum": ["csv", "json"]}, "url": {"type": "string"}}
                      }}
                    }
                  }}
                }
              },
              "Counts": {"type": "array", "items": {
                "type": "object", "additionalProperties": false, "required": ["key", "name", "count"],
                "properties": {"key": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer"}}
              }},
              "AuditList": {
                "type": "object", "additionalProperties": false, "required": ["items", "total", "page", "per_page"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}},
                  "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}
                }
              },
              "SearchResults": {
                "type": "object", "additionalProperties": false, "required": ["results", "total", "total_exact", "took_ms"],
                "properties": {
                  "results": {"type": "array", "items": {
                    "type": "object", "additionalProperties": false,
                    "required": ["type", "id", "title", "url", "snippet", "score", "published_at"],
                    "properties": {
                      "type": {"type": "string", "enum": ["article", "document", "answer"]},
                      "id": {"type": "string", "format": "uuid"},
                      "title": {"type": "string"},
                      "url": {"type": "string", "format": "uri"},
                      "snippet": {"type": "string", "description": "HTML: the original text, escaped, with matched words in <mark>"},
                      "score": {"type": "number"},
                      "published_at": {"type": "string", "format": "date-time"}
                    }
                  }},
                  "total": {"type": "integer", "description": "Exact up to 200; beyond, 200 with total_exact false"},
                  "total_exact": {"type": "boolean"},
                  "took_ms": {"type": "number"}
                }
              },
              "Suggestions": {
                "type": "object", "additionalProperties": false, "required": ["suggestions"],
                "properties": {
                  "suggestions": {"type": "array", "items": {
                    "type": "object", "additionalProperties": false, "required": ["type", "title", "url"],
                    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string", "format": "uri"}}
                  }}
                }
              },
              "ConsultationInput": {
                "type": "object", "required": ["title", "body", "topics", "opens_at", "closes_at"],
                "properties": {
                  "title": {"type": "string", "minLength": 5, "maxLength": 300},
                  "summary": {"type": "string", "maxLength": 1000},
                  "body": {"type": "string", "description": "Markdown: # chương, ## điều, ### khoản", "maxLength": 200000},
                  "topics": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 5},
                  "opens_at": {"type": "string", "format": "date-time"},
                  "closes_at": {"type": "string", "format": "date-time", "description": "At least an hour after opens_at, at most a year"}
                }
              },
              "ConsultationSection": {
                "type": "object", "additionalProperties": false, "required": ["key", "level", "level_name", "heading", "text", "comment_count"],
                "properties": {
                  "key": {"type": "string", "description": "s0 (preamble), s1, s2…"}, "level": {"type": "integer", "minimum": 0, "maximum": 3},
                  "level_name": {"type": "string"}, "heading": {"type": "string"}, "text": {"type": "string", "description": "Markdown"},
                  "comment_count": {"type": "integer", "description": "Approved comments"}
                }
              },
              "Consultation": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "code", "slug", "title", "summary", "topics", "opens_at", "closes_at", "status", "phase", "published_at", "synthesis_published_at", "comment_count", "url", "synthesis_url"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"}, "code": {"type": "string"}, "slug": {"type": "string"},
                  "title": {"type": "string"}, "summary": {"type": "string"}, "topics": {"type": "array", "items": {"type": "string"}},
                  "opens_at": {"type": "string", "format": "date-time"}, "closes_at": {"type": "string", "format": "date-time"},
                  "status": {"type": "string", "enum": ["draft", "published"]}, "phase": {"type": "string", "enum": ["upcoming", "open", "closed"]},
                  "published_at": {"type": ["string", "null"], "format": "date-time"},
                  "synthesis_published_at": {"type": ["string", "null"], "format": "date-time"},
                  "comment_count": {"type": "integer", "description": "Approved comments"},
                  "url": {"type": "string", "format": "uri"},
                  "synthesis_url": {"type": ["string", "null"], "format": "uri", "description": "The synthesis as JSON, once published"},
                  "body": {"type": "string", "description": "Markdown; only in the single-draft answer"},
                  "sections": {"type": "array", "items": {"$ref": "#/components/schemas/ConsultationSection"}, "description": "Only in the single-draft answer"}
                }
              },
              "ConsultationList": {
                "type": "object", "additionalProperties": false, "required": ["items", "total", "page", "per_page"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}},
                  "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}
                }
              },
              "CommentInput": {
                "type": "object", "required": ["name", "text"],
                "properties": {
                  "section": {"type": "string", "description": "A section key (s3); empty or absent for the whole draft"},
                  "name": {"type": "string", "maxLength": 100, "description": "Shown with the comment"},
                  "organisation": {"type": "string", "maxLength": 200, "description": "Shown with the comment"},
                  "email": {"type": "string", "maxLength": 254, "description": "Never shown; required when comments are confirmed by e-mail"},
                  "text": {"type": "string", "minLength": 10, "maxLength": 5000}
                }
              },
              "Comment": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "consultation", "section", "name", "organisation", "text", "status", "submitted_at"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"}, "consultation": {"type": "string", "description": "The draft's code"},
                  "section": {"type": "string"}, "name": {"type": "string"}, "organisation": {"type": "string"}, "text": {"type": "string"},
                  "status": {"type": "string", "enum": ["unconfirmed", "pending", "approved", "hidden"]},
                  "submitted_at": {"type": "string", "format": "date-time"}
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
