using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Incidents.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ChatInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChatInbound",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Medium = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatInbound", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Medium = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Conversation = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    MessageId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChatInbound_Medium_Key",
                table: "ChatInbound",
                columns: new[] { "Medium", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatInbound_ProcessedAt",
                table: "ChatInbound",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_IncidentId",
                table: "ChatMessages",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_Medium_Conversation_MessageId",
                table: "ChatMessages",
                columns: new[] { "Medium", "Conversation", "MessageId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatInbound");

            migrationBuilder.DropTable(
                name: "ChatMessages");
        }
    }
}
